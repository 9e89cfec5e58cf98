/* The manual entry form: totals of debits and credits and their difference, as you
   type. Sums are done in integer thousandths so that 0.1 + 0.2 shows 0.30; the
   server checks the balance again in Decimal when the entry is saved. */
(function () {
  "use strict";
  function thousandths(text) {
    const m = /^\s*(\d*)(?:\.(\d{0,3}))?\d*\s*$/.exec(text || "");
    if (!m || (m[1] === "" && !m[2])) return 0;
    return parseInt(m[1] || "0", 10) * 1000 + parseInt(((m[2] || "") + "000").slice(0, 3), 10);
  }
  function shown(n) {
    const sign = n < 0 ? "-" : "";
    const a = Math.abs(n);
    const cents = Math.round(a / 10);
    return sign + Math.floor(cents / 100) + "." + String(cents % 100).padStart(2, "0");
  }
  function update() {
    const form = document.getElementById("entry-form");
    if (!form) return;
    let debit = 0, credit = 0;
    form.querySelectorAll(".entry-debit").forEach(function (i) { debit += thousandths(i.value); });
    form.querySelectorAll(".entry-credit").forEach(function (i) { credit += thousandths(i.value); });
    document.getElementById("total-debit").textContent = shown(debit);
    document.getElementById("total-credit").textContent = shown(credit);
    const out = document.getElementById("entry-difference");
    const diff = debit - credit;
    out.textContent = diff === 0 ? out.dataset.balanced : out.dataset.unbalanced.replace("{amount}", shown(diff));
    out.classList.toggle("error", diff !== 0);
  }
  document.addEventListener("input", function (e) {
    if (e.target.closest && e.target.closest("#entry-form")) update();
  });
  document.addEventListener("DOMContentLoaded", update);
  if (document.readyState !== "loading") update();
})();
