/* videoacta viewer, transcript: each stretch seeks the video; a search box filters and marks the
   matches, ignoring accents and case; the stretch playing is marked. Works from file://. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("viewer-data").textContent);
  var video = document.getElementById("video");
  var box = document.getElementById("transcript-search");
  var count = document.getElementById("transcript-count");
  var segments = Array.prototype.slice.call(document.querySelectorAll("#transcript-turns .segment"));
  var turns = Array.prototype.slice.call(document.querySelectorAll("#transcript-turns .turn"));
  var playing = null;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // Folded one character at a time, so that a match in the folded text maps back to the text.
  function folded(text) {
    var out = "";
    var map = [];
    for (var i = 0; i < text.length; i += 1) {
      var part = fold(text[i]);
      for (var j = 0; j < part.length; j += 1) {
        out += part[j];
        map.push(i);
      }
    }
    return { text: out, map: map };
  }

  function say(key, args) {
    var language = document.documentElement.lang;
    var template = (data.labels[language] || data.labels[data.language])[key];
    count.setAttribute("data-l10n", key);
    count.setAttribute("data-l10n-args", JSON.stringify(args));
    count.textContent = template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(args, name) ? args[name] : match;
    });
  }

  function mark(segment, query) {
    var text = segment.getAttribute("data-text");
    segment.textContent = "";
    if (!query) {
      segment.textContent = text;
      return 0;
    }
    var found = folded(text);
    var at = 0;
    var from = 0;
    var hits = 0;
    var index = found.text.indexOf(query, from);
    while (index !== -1) {
      var start = found.map[index];
      var end = found.map[index + query.length - 1] + 1;
      segment.appendChild(document.createTextNode(text.slice(at, start)));
      var marked = document.createElement("mark");
      marked.textContent = text.slice(start, end);
      segment.appendChild(marked);
      at = end;
      from = index + query.length;
      hits += 1;
      index = found.text.indexOf(query, from);
    }
    segment.appendChild(document.createTextNode(text.slice(at)));
    return hits;
  }

  function search() {
    var query = fold(box.value.trim());
    var total = 0;
    segments.forEach(function (segment) {
      var hits = mark(segment, query);
      total += hits;
      segment.hidden = Boolean(query) && hits === 0;
    });
    turns.forEach(function (turn) {
      turn.hidden = Boolean(query) && !turn.querySelector(".segment:not([hidden])");
    });
    if (!query) {
      count.removeAttribute("data-l10n");
      count.removeAttribute("data-l10n-args");
      count.textContent = "";
    } else if (total) {
      say("transcript_matches", { n: String(total) });
    } else {
      say("transcript_no_matches", {});
    }
  }

  function follow() {
    var now = video.currentTime;
    var found = null;
    segments.forEach(function (segment) {
      if (parseFloat(segment.getAttribute("data-seek")) <= now + 0.05) {
        found = segment;
      }
    });
    if (found !== playing) {
      if (playing) {
        playing.classList.remove("current");
      }
      playing = found;
      if (playing) {
        playing.classList.add("current");
      }
    }
  }

  if (!box) {
    return;
  }
  segments.forEach(function (segment) {
    segment.setAttribute("data-text", segment.textContent);
  });
  box.addEventListener("input", search);
  box.parentNode.hidden = false;
  // viewer.js seeks on a click on [data-seek]; a link keeps the page where it is, the address
  // names the moment.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("#transcript a[data-seek]");
    if (link) {
      event.preventDefault();
      history.replaceState(null, "", link.getAttribute("href"));
    }
  });
  if (video) {
    video.addEventListener("timeupdate", follow);
    video.addEventListener("seeked", follow);
  }
})();
