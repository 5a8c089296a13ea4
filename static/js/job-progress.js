/* PMI en AQT — a background job's page follows its progress without being reloaded.
 *
 * The page works without this script (its "refresh" link reloads it); with it, the page asks
 * the job's status (a small JSON answer) every few seconds, moves the progress bar, repeats
 * the status text (read out by screen readers: aria-live) and shows the download link when
 * the file is ready. All wording comes from the server.
 */
(function () {
  "use strict";

  var section = document.querySelector("[data-job-status-url]");
  if (!section || section.hasAttribute("data-job-finished") || !window.fetch) {
    return;
  }
  var url = section.getAttribute("data-job-status-url");
  var bar = document.getElementById("job-progress");
  var status = document.getElementById("job-status");
  var download = document.getElementById("job-download");
  var refresh = document.getElementById("job-refresh");
  var INTERVAL_MS = 1500;

  function show(job) {
    if (job.percent === null) {
      bar.removeAttribute("value");
      bar.textContent = "";
    } else {
      bar.value = job.percent;
      bar.textContent = job.percent + " %";
    }
    if (status.textContent !== job.text) {
      status.textContent = job.text;
    }
    if (job.download_url) {
      var link = download.querySelector("a");
      link.setAttribute("href", job.download_url);
      link.textContent = job.download_label;
      download.hidden = false;
    }
    if (job.finished && refresh) {
      refresh.hidden = true;
    }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (job) {
        show(job);
        if (!job.finished) {
          window.setTimeout(poll, INTERVAL_MS);
        }
      })
      .catch(function () {
        // The refresh link stays: the person can reload the page by hand.
        window.setTimeout(poll, INTERVAL_MS * 4);
      });
  }

  window.setTimeout(poll, INTERVAL_MS);
})();
