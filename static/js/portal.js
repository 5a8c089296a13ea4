/* PMI en AQT — small behaviours of every page (no inline script: the CSP stays strict).
 *
 * 1. Scrolling tables. A wide table scrolls inside its `.table-responsive` container rather
 *    than the page (reflow at 320 px, WCAG 1.4.10). When, and only when, it does scroll, the
 *    container becomes a region named after the table's caption and joins the tab order, so
 *    that it can be scrolled with the keyboard and is announced; a table that fits adds no
 *    tab stop.
 *
 * 2. Busy states. A form marked `data-busy-label="Génération en cours…"` (or a link marked the
 *    same way, for downloads) shows, once used, that the work has started and cannot be
 *    started twice: its button says the busy label, is marked aria-busy and aria-disabled, and
 *    is disabled. The pages a download leaves in place come back usable after
 *    `data-busy-reset` seconds (default 8); a page left and come back to (the browser's back
 *    button) is reset at once.
 */
(function () {
  "use strict";

  // --- 1. Scrolling tables

  function captionOf(container) {
    var caption = container.querySelector("caption");
    var text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    return text || document.body.getAttribute("data-table-label") || "";
  }

  function markScrollingTables() {
    var containers = document.querySelectorAll(".table-responsive");
    for (var i = 0; i < containers.length; i++) {
      var container = containers[i];
      var scrolls = container.scrollWidth > container.clientWidth + 1;
      var marked = container.hasAttribute("data-scroll-region");
      if (scrolls && !marked) {
        container.setAttribute("data-scroll-region", "");
        container.setAttribute("role", "region");
        container.setAttribute("tabindex", "0");
        if (!container.hasAttribute("aria-label") && !container.hasAttribute("aria-labelledby")) {
          container.setAttribute("aria-label", captionOf(container));
          container.setAttribute("data-scroll-label", "");
        }
      } else if (!scrolls && marked) {
        container.removeAttribute("data-scroll-region");
        container.removeAttribute("role");
        container.removeAttribute("tabindex");
        if (container.hasAttribute("data-scroll-label")) {
          container.removeAttribute("aria-label");
          container.removeAttribute("data-scroll-label");
        }
      }
    }
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(markScrollingTables, 150);
  });

  // --- The navigation: the menu holding the current page is shown as the current area.

  function markCurrentArea() {
    var menus = document.querySelectorAll("[data-nav] .dropdown");
    for (var i = 0; i < menus.length; i++) {
      if (menus[i].querySelector(".dropdown-menu [aria-current=page]")) {
        menus[i].querySelector(".dropdown-toggle").classList.add("active");
      }
    }
  }

  // --- 2. Busy states

  var DEFAULT_RESET_SECONDS = 8;

  function setBusy(control, label) {
    if (!control.hasAttribute("data-idle-html")) {
      control.setAttribute("data-idle-html", control.innerHTML);
    }
    control.setAttribute("aria-busy", "true");
    control.setAttribute("aria-disabled", "true");
    control.classList.add("is-busy");
    control.textContent = "";
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-2";
    spinner.setAttribute("aria-hidden", "true");
    control.appendChild(spinner);
    control.appendChild(document.createTextNode(label));
  }

  function setIdle(control) {
    if (control.hasAttribute("data-idle-html")) {
      control.innerHTML = control.getAttribute("data-idle-html");
      control.removeAttribute("data-idle-html");
    }
    control.removeAttribute("aria-busy");
    control.removeAttribute("aria-disabled");
    control.classList.remove("is-busy");
    if (control.tagName === "BUTTON" || control.tagName === "INPUT") {
      control.disabled = false;
    }
  }

  function resetLater(owner, controls) {
    var seconds = parseFloat(owner.getAttribute("data-busy-reset"));
    if (isNaN(seconds)) {
      seconds = DEFAULT_RESET_SECONDS;
    }
    window.setTimeout(function () {
      owner.removeAttribute("data-busy");
      owner.removeAttribute("aria-busy");
      controls.forEach(setIdle);
    }, seconds * 1000);
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-busy-label")) {
        return;
      }
      if (event.defaultPrevented) {
        return; // another script kept the form from leaving (a check that failed): not busy
      }
      if (form.hasAttribute("data-busy")) {
        event.preventDefault(); // already working: a second press starts nothing
        return;
      }
      form.setAttribute("data-busy", "");
      form.setAttribute("aria-busy", "true");
      var submitter =
        event.submitter || form.querySelector("button[type=submit], button:not([type])");
      var buttons = Array.prototype.slice.call(
        form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]")
      );
      if (submitter) {
        setBusy(submitter, form.getAttribute("data-busy-label"));
      }
      // Disabled only once the browser has read the form: a disabled submitter would leave
      // its own name and value (name="action" value="submit") out of what is sent.
      window.setTimeout(function () {
        buttons.forEach(function (button) {
          button.disabled = true;
          button.setAttribute("aria-disabled", "true");
        });
      }, 0);
      if (form.hasAttribute("data-busy-reset")) {
        resetLater(form, buttons);
      }
    },
    false
  );

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-busy-label]") : null;
    if (!link || event.defaultPrevented) {
      return;
    }
    if (link.hasAttribute("data-busy")) {
      event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) {
      return; // opened elsewhere: this page does not wait for it
    }
    link.setAttribute("data-busy", "");
    setBusy(link, link.getAttribute("data-busy-label"));
    resetLater(link, [link]);
  });

  // Back to a page kept by the browser (bfcache): nothing is working any more.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    var owners = document.querySelectorAll("[data-busy]");
    for (var i = 0; i < owners.length; i++) {
      var owner = owners[i];
      owner.removeAttribute("data-busy");
      owner.removeAttribute("aria-busy");
      if (owner.tagName === "A") {
        setIdle(owner);
      } else {
        owner.querySelectorAll("button, input[type=submit]").forEach(setIdle);
      }
    }
  });

  function start() {
    markScrollingTables();
    markCurrentArea();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
