// Names the theme's search dialog for screen readers: the dialog element carries
// role="dialog" without a label. Runs once the page is parsed (scripts load last).
document.querySelectorAll('.md-search[role="dialog"]:not([aria-label])').forEach((dialog) => {
  dialog.setAttribute("aria-label", "Search");
});

// A table wider than the page scrolls inside its box: the box takes keyboard focus, so
// it can be scrolled without a mouse. The theme wraps tables once the page has loaded.
window.addEventListener("load", () => {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach((box) => {
    if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
      box.setAttribute("tabindex", "0");
    }
  });
});
