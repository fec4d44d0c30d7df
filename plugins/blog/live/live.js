// The live preview's client (served by plugins/blog/live_server.py only, never built into
// the site): reload when a save builds, show every problem over the page when it does not.
(function () {
  "use strict";
  var served = Number(document.currentScript.dataset.version);
  var source = new EventSource("/__live/events");

  function hide() {
    var old = document.getElementById("live-problems");
    if (old) old.remove();
  }

  // A problem record {file, line, problem, fix} as the terminal prints it: path:line: problem — fix
  function lineOf(problem) {
    var where = problem.file + ":" + problem.line + ": ";
    return where + problem.problem + (problem.fix ? " \u2014 " + problem.fix : "");
  }

  // A panel of the preview's own (never of the page): its element, its list of lines, a close button.
  function panel(tag, id, role, css) {
    var box = document.createElement(tag);
    box.id = id;
    box.setAttribute("role", role);
    box.style.cssText = "position:fixed;overflow:auto;margin:0;color:#fff;font-family:system-ui,sans-serif;" + css;
    return box;
  }

  function listOf(tag, texts, css) {
    var list = document.createElement(tag);
    list.style.cssText = css;
    texts.forEach(function (text) {
      var item = document.createElement("li");
      item.style.cssText = "margin:0 0 .75rem;font-family:ui-monospace,monospace;white-space:pre-wrap;word-break:break-word;";
      item.textContent = text;
      list.appendChild(item);
    });
    return list;
  }

  function closeButton(action) {
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide until the next save";
    close.style.cssText = "min-height:44px;padding:.5rem 1rem;font:inherit;";
    close.addEventListener("click", action);
    return close;
  }

  function show(problems) {
    hide();
    var box = panel("section", "live-problems", "alertdialog",
      "inset:0;z-index:2147483647;padding:1.5rem;background:#1b1b1f;font-size:1.125rem;line-height:1.5;");
    box.setAttribute("aria-labelledby", "live-problems-title");
    var title = document.createElement("h2");
    title.id = "live-problems-title";
    title.style.cssText = "margin:0 0 1rem;font-size:1.5rem;color:#ffb4a9;";
    title.textContent = problems.length === 1 ? "1 problem stops the build" : problems.length + " problems stop the build";
    box.appendChild(title);
    box.appendChild(listOf("ol", problems.map(lineOf), "margin:0 0 1rem;padding-left:1.5rem;"));
    var note = document.createElement("p");
    note.textContent = "Fix the file and save: this page updates by itself. Behind this box is the last good build.";
    box.appendChild(note);
    box.appendChild(closeButton(hide));
    document.body.appendChild(box);
    title.tabIndex = -1;
    title.focus();
  }

  // The notices of a good build (a picture's GPS position, an overdue review): at the foot of the
  // page, not over it; they do not stop the build.
  function note(notices) {
    var old = document.getElementById("live-notices");
    if (old) old.remove();
    if (!notices || !notices.length) return;
    var box = panel("aside", "live-notices", "status",
      "inset:auto 0 0 0;z-index:2147483646;max-height:40vh;padding:1rem 1.5rem;background:#3b2f00;line-height:1.5;");
    box.setAttribute("aria-label", "Notices of the build");
    box.appendChild(listOf("ul", notices, "margin:0 0 .5rem;padding-left:1.25rem;"));
    box.appendChild(closeButton(function () { box.remove(); }));
    document.body.appendChild(box);
  }

  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.ok && state.version !== served) {
      // A page shown from its fast render, which the build made byte for byte the same: no second reload
      if ((state.same || []).indexOf(location.pathname) >= 0) {
        served = state.version;
        note(state.notices);
      } else {
        location.reload();
      }
    } else if (!state.ok) {
      show(state.problems);
    } else {
      note(state.notices);
    }
  };
})();
