// Names the theme's search dialog for screen readers: the dialog element carries
// role="dialog" without a label. Runs once the page is parsed (scripts load last).
document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach((dialog) => {
  dialog.setAttribute("aria-label", "Search");
});
