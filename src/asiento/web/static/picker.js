/* Pickers: a search box that fills a hidden id field (see macros.html "picker").
   HTMX fetches the options as you type; this file only chooses one (click, arrows,
   Enter), closes the list (Escape, click elsewhere), and tells the form with a
   "change" event on the hidden field, as a <select> would. */
(function () {
  "use strict";
  function box(el) { return el.closest(".picker"); }
  function close(p) {
    p.querySelector(".picker-list").innerHTML = "";
    p.querySelector(".picker-q").setAttribute("aria-expanded", "false");
  }
  function choose(li) {
    const p = box(li);
    const hidden = p.querySelector("input[type=hidden]");
    p.querySelector(".picker-q").value = li.dataset.label;
    hidden.value = li.dataset.id;
    close(p);
    hidden.dispatchEvent(new Event("change", { bubbles: true }));
  }
  document.addEventListener("click", function (e) {
    const li = e.target.closest && e.target.closest(".picker-list li[data-id]");
    if (li) { e.preventDefault(); choose(li); return; }
    document.querySelectorAll(".picker").forEach(function (p) { if (!p.contains(e.target)) close(p); });
  });
  document.addEventListener("keydown", function (e) {
    const q = e.target.closest && e.target.closest(".picker-q");
    if (!q) return;
    const p = box(q);
    const items = Array.from(p.querySelectorAll(".picker-list li[data-id]"));
    let i = items.findIndex(function (li) { return li.classList.contains("active"); });
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!items.length) return;
      i = e.key === "ArrowDown" ? Math.min(i + 1, items.length - 1) : Math.max(i - 1, 0);
      items.forEach(function (li) { li.classList.remove("active"); li.removeAttribute("aria-selected"); });
      items[i].classList.add("active");
      items[i].setAttribute("aria-selected", "true");
      q.setAttribute("aria-activedescendant", items[i].id);
    } else if (e.key === "Enter" && items.length) {
      e.preventDefault();
      choose(items[Math.max(i, 0)]);
    } else if (e.key === "Escape") {
      close(p);
    }
  });
  document.addEventListener("input", function (e) {
    const q = e.target.closest && e.target.closest(".picker-q");
    if (q) box(q).querySelector("input[type=hidden]").value = "";  /* typed: no longer the chosen one */
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    const list = e.target;
    if (list.classList && list.classList.contains("picker-list")) {
      box(list).querySelector(".picker-q").setAttribute("aria-expanded", list.children.length ? "true" : "false");
    }
  });
})();
