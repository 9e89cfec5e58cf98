"""Demo data: the standard company set-up tests build on, and the demo documents."""
