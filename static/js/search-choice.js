/* PMI en AQT — suggestions for the inputs that choose one row among thousands.
 *
 * An input with `data-search-url` and a `list` (its <datalist>) asks the search endpoint for
 * the first matching rows as the person types, and offers them in the list (the browser's own
 * accessible suggestions). Without this script the input is sent as typed: the server finds
 * the one row matching, or answers with a short list to pick from.
 */
(function () {
  "use strict";

  var DELAY_MS = 250;

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-search-url");
    if (!list || !url) {
      return;
    }
    var timer = null;
    var asked = "";

    function fill(results) {
      while (list.firstChild) {
        list.removeChild(list.firstChild);
      }
      results.forEach(function (text) {
        var option = document.createElement("option");
        option.value = text;
        list.appendChild(option);
      });
    }

    function search() {
      var text = input.value.trim();
      // A suggestion just chosen ("1234 — …") needs no new search.
      if (text === asked || /^[0-9]+ — /.test(text)) {
        return;
      }
      asked = text;
      fetch(url + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value.trim() === text) {
            fill(data.results || []);
          }
        })
        .catch(function () {
          fill([]);
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY_MS);
    });
    // Words typed while the page was still loading, before this script ran.
    if (input.value.trim()) {
      search();
    }
  }

  document.querySelectorAll("input[data-search-url][list]").forEach(attach);
})();
