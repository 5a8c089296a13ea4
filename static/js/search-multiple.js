/* PMI en AQT — choosing several rows among thousands (SearchMultipleInput).
 *
 * The chosen rows are ticked boxes above a text input; search-choice.js fills the input's
 * <datalist> with the rows matching what is typed. When a suggestion is taken (or Enter is
 * pressed while one suggestion alone is offered), this script adds it as a new ticked box,
 * empties the input for the next one and says so in the status line. Unticking a box removes
 * that row. Without this script, what is typed is sent and the server looks it up.
 */
(function () {
  "use strict";

  var SUGGESTION = /^([0-9]+) — (.+)$/;

  function attach(input) {
    var chosen = document.getElementById(input.getAttribute("data-chosen"));
    var list = document.getElementById(input.getAttribute("list"));
    var status = document.getElementById(input.id + "-status");
    if (!chosen || !list) {
      return;
    }

    function offered(text) {
      return Array.prototype.some.call(list.options, function (option) {
        return option.value === text;
      });
    }

    function say(message) {
      if (status) {
        status.textContent = message;
      }
    }

    function choose(text) {
      var parts = SUGGESTION.exec(text);
      if (!parts) {
        return false;
      }
      var id = input.id + "-" + parts[1];
      var box = document.getElementById(id);
      if (!box) {
        var item = document.createElement("li");
        item.className = "search-chip form-check";
        box = document.createElement("input");
        box.type = "checkbox";
        box.className = "form-check-input";
        box.name = input.name;
        box.value = parts[1];
        box.id = id;
        var label = document.createElement("label");
        label.className = "form-check-label";
        label.htmlFor = id;
        label.textContent = parts[2];
        item.appendChild(box);
        item.appendChild(label);
        chosen.appendChild(item);
      }
      box.checked = true;
      input.value = "";
      while (list.firstChild) {
        list.removeChild(list.firstChild); // the next name typed gets its own suggestions
      }
      say(input.getAttribute("data-added-text").replace("%s", parts[2]));
      return true;
    }

    input.addEventListener("input", function () {
      var text = input.value.trim();
      if (offered(text)) {
        choose(text);
      }
    });
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || !input.value.trim()) {
        return;
      }
      var text = input.value.trim();
      if (!offered(text) && list.options.length === 1) {
        text = list.options[0].value;
      }
      if (offered(text) && choose(text)) {
        event.preventDefault();
      }
    });
  }

  document.querySelectorAll("input[data-chosen][list]").forEach(attach);
})();
