/* videoacta viewer: jump to an item, follow playback, switch the language, print everything. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("viewer-data").textContent);
  var video = document.getElementById("video");
  var nowPlaying = document.getElementById("now-playing");
  var agenda = document.querySelector(".agenda");
  var language = data.language;
  var current = null;
  var sidecar = null; // signatures.json, once read: never trusted, shown as what it says

  function fill(template, args) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(args, name) ? args[name] : match;
    });
  }

  function label(key, args) {
    // An argument given per language (a size as each language writes it) is read in this one.
    var values = {};
    Object.keys(args || {}).forEach(function (name) {
      var value = args[name];
      values[name] = value !== null && typeof value === "object" ? value[language] : value;
    });
    return fill(data.labels[language][key], values);
  }

  function argsOf(element) {
    var text = element.getAttribute("data-l10n-args");
    return text ? JSON.parse(text) : {};
  }

  function itemAt(time) {
    var found = null;
    data.items.forEach(function (item) {
      if (time >= item.start && time < item.end) {
        found = item;
      }
    });
    return found;
  }

  function keepVisible(card) {
    if (agenda.scrollHeight <= agenda.clientHeight) {
      return; // the agenda is not a scroll box (phone, print): never move the page
    }
    var top = card.offsetTop - agenda.offsetTop;
    if (top < agenda.scrollTop || top + card.offsetHeight > agenda.scrollTop + agenda.clientHeight) {
      agenda.scrollTop = Math.max(0, top - 8);
    }
  }

  function showNowPlaying(item) {
    if (item) {
      nowPlaying.removeAttribute("data-l10n");
      nowPlaying.textContent = item.title;
    } else {
      nowPlaying.setAttribute("data-l10n", "nothing_playing");
      nowPlaying.textContent = label("nothing_playing");
    }
  }

  function highlight() {
    var item = itemAt(video.currentTime);
    var number = item ? item.number : null;
    if (number === current) {
      return;
    }
    if (current !== null) {
      var previous = document.getElementById("item-" + current);
      previous.classList.remove("current");
      previous.removeAttribute("aria-current");
    }
    current = number;
    if (item) {
      var card = document.getElementById("item-" + number);
      card.classList.add("current");
      card.setAttribute("aria-current", "true");
      keepVisible(card);
    }
    showNowPlaying(item);
  }

  function seek(time, play) {
    video.currentTime = time;
    highlight();
    if (play) {
      var started = video.play();
      if (started && started.catch) {
        started.catch(function () {});
      }
    }
  }

  function reveal(card) {
    if (agenda.scrollHeight > agenda.clientHeight) {
      keepVisible(card);
      return;
    }
    var player = document.querySelector(".player");
    var top = card.getBoundingClientRect().top + window.scrollY - player.offsetHeight - 8;
    window.scrollTo(0, Math.max(0, top));
  }

  // Deep links: #item=N plays from item N's start, #t=SECONDS from that second. (Not #item-N,
  // the card's id, so that the browser's own jump to an anchor does not fight the layout.)
  function fromHash() {
    var hash = decodeURIComponent(window.location.hash.slice(1));
    var time = /^t=(\d+(?:\.\d+)?)$/.exec(hash);
    if (time) {
      seek(parseFloat(time[1]), false);
      return;
    }
    var item = /^item=(\d+)$/.exec(hash);
    data.items.forEach(function (known) {
      if (item && known.number === parseInt(item[1], 10)) {
        seek(known.start, false);
        reveal(document.getElementById("item-" + known.number));
      }
    });
  }

  function formatTime(iso) {
    try {
      var format = { dateStyle: "long", timeStyle: "medium", timeZone: data.timezone };
      return new Intl.DateTimeFormat(language, format).format(new Date(iso));
    } catch (error) {
      return String(iso);
    }
  }

  function timeElement(iso) {
    var element = document.createElement("time");
    element.dateTime = String(iso);
    element.textContent = formatTime(iso);
    return element;
  }

  function recordOf(field) {
    var found = null;
    (Array.isArray(sidecar.signatures) ? sidecar.signatures : []).forEach(function (record) {
      if (record && record.field === field) {
        found = record;
      }
    });
    return found;
  }

  function showSignature(row, record) {
    var when = row.querySelector(".signed-at");
    var level = row.querySelector(".level");
    row.querySelector(".signer").textContent = String(record.signer);
    when.textContent = "";
    if (record.signed_at) {
      when.appendChild(timeElement(record.signed_at));
    }
    level.textContent = String(record.level);
    if (record.timestamped_at) {
      var stamp = document.createElement("small");
      stamp.className = "stamp";
      stamp.textContent = label("timestamped", { time: formatTime(record.timestamped_at) });
      level.appendChild(document.createElement("br"));
      level.appendChild(stamp);
    }
    row.classList.add("signed");
  }

  function showSignatures() {
    var shown = 0;
    document.querySelectorAll("table.signatures tr[data-field]").forEach(function (row) {
      var record = recordOf(row.getAttribute("data-field"));
      if (record) {
        showSignature(row, record);
        shown += 1;
      }
    });
    if (shown) {
      var source = document.getElementById("signatures-source");
      source.setAttribute("data-l10n", "signatures_read");
      source.textContent = label("signatures_read");
    }
  }

  // Who signed comes from signatures.json beside the page (the page itself is covered by the
  // signature, so it cannot say it). A page opened from file:// cannot read it: it keeps
  // naming who is to sign.
  function loadSignatures() {
    if (!window.fetch || window.location.protocol === "file:") {
      return;
    }
    fetch("signatures.json", { cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (read) {
        if (read && typeof read === "object") {
          sidecar = read;
          showSignatures();
        }
      })
      .catch(function () {});
  }

  function translate(code) {
    language = code;
    document.documentElement.lang = code;
    document.querySelectorAll("[data-l10n]").forEach(function (element) {
      element.textContent = label(element.getAttribute("data-l10n"), argsOf(element));
    });
    ["aria-label", "label"].forEach(function (name) {
      document.querySelectorAll("[data-l10n-" + name + "]").forEach(function (element) {
        var key = element.getAttribute("data-l10n-" + name);
        element.setAttribute(name, label(key, argsOf(element)));
      });
    });
    if (sidecar) {
      showSignatures();
    }
  }

  function setUpLanguage() {
    var chooser = document.getElementById("language");
    chooser.value = language;
    chooser.addEventListener("change", function () {
      translate(chooser.value);
    });
    chooser.parentNode.hidden = false;
  }

  function setUpPrinting() {
    var closed = [];
    window.addEventListener("beforeprint", function () {
      closed = Array.prototype.filter.call(document.querySelectorAll("details"), function (d) {
        return !d.open;
      });
      closed.forEach(function (d) { d.open = true; });
    });
    window.addEventListener("afterprint", function () {
      closed.forEach(function (d) { d.open = false; });
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-seek]");
    if (button && video) {
      seek(parseFloat(button.getAttribute("data-seek")), true);
      if (button.hasAttribute("data-item")) {
        history.replaceState(null, "", "#item=" + button.getAttribute("data-item"));
      }
    }
  });
  setUpLanguage();
  setUpPrinting();
  loadSignatures();
  if (video) {
    video.addEventListener("timeupdate", highlight);
    video.addEventListener("seeked", highlight);
    window.addEventListener("hashchange", fromHash);
    fromHash();
  }
})();
