// Main menu (templates/_nav_menu.html): a <details> that is a "Menu" button on a phone and always
// open from 992 px on, so that every link is in the bar. Loaded at the end of <body>, before the
// first paint. Without this script the "Menu" button shows at every width and still works.
(() => {
  "use strict";
  const menu = document.querySelector("[data-portal-menu]");
  if (!menu) return;
  const wide = window.matchMedia("(min-width: 992px)");
  const follow = () => { menu.open = wide.matches; };
  follow();
  wide.addEventListener("change", follow);
  // On a phone the open menu closes with Escape, as a menu button's menu does.
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && menu.open && !wide.matches) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });
})();
