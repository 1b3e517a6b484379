// leaflet studio: the error summary, the print page's choices, the brand editor's live preview,
// colour pickers, logo upload and unsaved-changes warning.
// Plain JavaScript, no build step; every page works without it (the forms post as usual).

// Errors (the GOV.UK Design System's pattern): the summary takes the focus when the page opens, and
// each of its links moves the focus to its field, with the field's label in view.
(function () {
  "use strict";
  var summary = document.querySelector("[data-focus-on-load]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) return;
    event.preventDefault();
    var box = field.closest(".field") || field;
    box.scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();

// The print page: a change of leaflet, clinic, format or print size shows that leaflet's first page
// and puts exactly that into the Print and Download form, without leaving the page (the Show button
// does the same without JavaScript).
(function () {
  "use strict";
  var choose = document.querySelector("form[data-print-choose]");
  if (!choose) return;
  var live = document.getElementById("print-live");
  var pending = null;
  // Find a leaflet: the list narrows as you type (the Find button does it on the server without
  // JavaScript); the number that match is announced.
  var find = document.getElementById("print-find"), list = document.getElementById("print-leaflet-list");
  var count = document.getElementById("print-find-count");
  if (find && list) {
    var items = Array.prototype.slice.call(list.children), timer = null;
    find.addEventListener("input", function () {
      var words = find.value.toLowerCase().trim();
      var shown = 0;
      items.forEach(function (item) {
        var match = !words || item.getAttribute("data-find").indexOf(words) !== -1;
        item.hidden = !match;
        if (match) shown += 1;
      });
      clearTimeout(timer);
      timer = setTimeout(function () {
        count.textContent = words ? shown + " of " + items.length + " leaflets match “" + find.value.trim() + "”." : "";
      }, 400);
    });
  }
  choose.addEventListener("change", function (event) {
    if (event.target === find) return;
    var query = new URLSearchParams(new FormData(choose)).toString();
    var shown = document.getElementById("print-shown");
    shown.classList.add("stale");
    Array.prototype.forEach.call(shown.querySelectorAll("button"), function (b) { b.disabled = true; });
    live.textContent = "Updating what will print…";
    if (pending) pending.abort();
    pending = new AbortController();
    fetch("/print?" + query, { credentials: "same-origin", signal: pending.signal }).then(function (response) {
      return response.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html");
      var copies = document.getElementById("print-copies"), printer = document.getElementById("print-printer");
      var kept = { copies: copies && copies.value, printer: printer && printer.value };
      var fresh = doc.getElementById("print-shown");
      if (!fresh) throw new Error("no answer");
      shown.replaceWith(document.importNode(fresh, true));
      ["print-formats", "print-brand-help"].forEach(function (id) {
        var old = document.getElementById(id), next = doc.getElementById(id);
        if (old && next && !old.contains(document.activeElement)) old.replaceWith(document.importNode(next, true));
      });
      copies = document.getElementById("print-copies");
      printer = document.getElementById("print-printer");
      if (copies && kept.copies) copies.value = kept.copies;
      if (printer && kept.printer) printer.value = kept.printer;
      var summary = document.getElementById("print-summary");
      live.textContent = summary ? "Showing: " + summary.textContent : "";
      history.replaceState(null, "", "/print?" + query);
    }).catch(function (error) {
      if (error.name === "AbortError") return;
      live.textContent = "What will print could not be updated. Press Show this leaflet.";
    });
  });
})();

(function () {
  "use strict";
  var form = document.getElementById("brand-form");
  if (!form) return;
  var DEBOUNCE_MS = 100;  // about one server build: typing faster than this waits for a pause
  var image = document.getElementById("preview-image");
  var status = document.getElementById("preview-status");
  var pageInput = document.getElementById("preview-page");
  var timer = null, inFlight = null, sequence = 0;

  function byId(id) { return document.getElementById(id); }

  // Colours: the picker and the hex field show the same colour; the hex field is what is sent.
  Array.prototype.forEach.call(form.querySelectorAll("input[data-picker-for]"), function (picker) {
    var text = byId(picker.getAttribute("data-picker-for"));
    picker.addEventListener("input", function () {
      text.value = picker.value.toUpperCase();
      schedule();
    });
    text.addEventListener("input", function () {
      if (/^#[0-9a-fA-F]{6}$/.test(text.value.trim())) picker.value = text.value.trim().toLowerCase();
    });
  });

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(refresh, DEBOUNCE_MS);
  }

  function refresh() {
    if (inFlight) inFlight.abort();
    var mine = ++sequence;
    inFlight = new AbortController();
    if (image) image.classList.add("stale");
    fetch(form.getAttribute("data-preview-url"), {
      method: "POST", body: new FormData(form), headers: { "Accept": "application/json" },
      signal: inFlight.signal, credentials: "same-origin"
    }).then(function (response) {
      if (!response.ok) throw new Error("The studio answered " + response.status + ".");
      return response.json();
    }).then(function (answer) {
      if (mine !== sequence) return;
      show(answer);
    }).catch(function (error) {
      if (error.name === "AbortError") return;
      status.textContent = "The preview could not be updated: " + error.message + " Reload the page.";
    });
  }

  function show(answer) {
    Object.keys(answer.notes).forEach(function (id) {
      var box = byId(id + "-notes");
      if (!box) return;
      if (box.innerHTML !== answer.notes[id]) box.innerHTML = answer.notes[id];
      var control = byId(id), wrong = /note-error/.test(answer.notes[id]), field = byId(id + "-field");
      if (control) {
        if (wrong) control.setAttribute("aria-invalid", "true");
        else control.removeAttribute("aria-invalid");
      }
      if (field) field.classList.toggle("field-error", wrong);
    });
    Object.keys(answer.colours || {}).forEach(function (id) {
      var note = byId(id + "-colour");
      if (note) note.textContent = answer.colours[id];
    });
    var refusedBox = byId("preview-refused");
    if (answer.image && !image && refusedBox) {  // opened on a format the leaflet cannot fit: no image yet
      image = document.createElement("img");
      image.id = "preview-image";
      image.className = "page-image";
      refusedBox.parentNode.replaceChild(image, refusedBox);
    }
    if (answer.image && image) {
      image.src = answer.image;
      image.alt = "Page " + answer.page + " of " + answer.pages + " of the leaflet with this brand";
      image.classList.remove("stale");
      pageInput.max = answer.pages;
      if (String(answer.page) !== pageInput.value) pageInput.value = answer.page;
      image.setAttribute("data-version", String(sequence));
    }
    if (answer.refused && image) image.classList.add("stale");
    status.textContent = !answer.ok
      ? "Preview not updated: fix the problems marked in the form."
      : answer.refused
        ? "This leaflet cannot be shown in this format (nothing to do with the brand): " + answer.refused +
          " Choose another format to see it."
        : "Preview: page " + answer.page + " of " + answer.pages + ", as typed (not saved yet).";
  }

  // Unsaved changes: leaving the page asks first (the browser's own question), unless the change was
  // saved or discarded. A page showing a failed save holds what was typed, not yet saved.
  var unsaved = form.hasAttribute("data-unsaved");
  function edited(event) {
    if (event.target.form === form && !/^(preview_|saved_by$)/.test(event.target.name || "")) unsaved = true;
  }
  document.addEventListener("input", edited);
  document.addEventListener("change", edited);
  form.addEventListener("submit", function () { unsaved = false; });
  Array.prototype.forEach.call(document.querySelectorAll("[data-discard]"), function (link) {
    link.addEventListener("click", function () { unsaved = false; });
  });
  window.addEventListener("beforeunload", function (event) {
    if (!unsaved) return;
    event.preventDefault();
    event.returnValue = "";
  });

  document.addEventListener("input", function (event) {
    if (event.target.form === form && event.target.type !== "file" && event.target.name !== "saved_by") schedule();
  });
  document.addEventListener("change", function (event) {
    if (event.target.form === form && event.target.tagName === "SELECT") schedule();
  });

  function turn(step) {
    var next = Math.max(1, (parseInt(pageInput.value, 10) || 1) + step);
    if (pageInput.max && next > parseInt(pageInput.max, 10)) return;
    pageInput.value = next;
    schedule();
  }
  byId("preview-prev").addEventListener("click", function () { turn(-1); });
  byId("preview-next").addEventListener("click", function () { turn(1); });

  // The logo gallery: a logo just uploaded joins it, chosen, with its picture.
  function chooseLogo(name) {
    var gallery = byId("logo-gallery");
    var radio = Array.prototype.find.call(gallery.querySelectorAll("input[type=radio]"), function (r) { return r.value === name; });
    if (!radio) {
      var item = document.createElement("li"), label = document.createElement("label"), picture = new Image();
      var text = document.createElement("span");
      radio = document.createElement("input");
      radio.type = "radio";
      radio.name = "logo";
      radio.value = name;
      radio.id = "f-logo-new-" + gallery.children.length;
      radio.setAttribute("aria-describedby", "f-logo-notes");
      label.htmlFor = radio.id;
      picture.alt = "";
      picture.src = "/logos/" + encodeURIComponent(name);
      text.className = "logo-name";
      text.textContent = name;
      label.appendChild(picture);
      label.appendChild(text);
      item.className = "logo-choice";
      item.appendChild(radio);
      item.appendChild(label);
      gallery.appendChild(item);
    }
    radio.checked = true;
    unsaved = true;
  }

  // The logo: uploaded without leaving the page (chosen with the button, or dropped on the box),
  // then chosen in the gallery and previewed.
  var logoForm = byId("logo-form"), logoFile = byId("logo-file"), drop = byId("logo-drop");
  function upload() {
    var notes = byId("logo-notes");
    notes.textContent = "Uploading…";
    fetch(logoForm.action, {
      method: "POST", body: new FormData(logoForm), headers: { "Accept": "application/json" }, credentials: "same-origin"
    }).then(function (response) {
      return response.json().then(function (answer) { return { ok: response.ok, answer: answer }; });
    }).then(function (result) {
      var answer = result.answer;
      // The field marked as the page marks it without JavaScript (GOV.UK's error message pattern).
      drop.classList.toggle("field-error", !result.ok);
      if (result.ok) logoFile.removeAttribute("aria-invalid"); else logoFile.setAttribute("aria-invalid", "true");
      if (!result.ok) {
        notes.innerHTML = "";
        var item = document.createElement("p");
        item.className = "error-message";
        item.textContent = "Error: " + answer.message.charAt(0).toUpperCase() + answer.message.slice(1) + ". " + answer.hint;
        notes.appendChild(item);
        return;
      }
      chooseLogo(answer.name);
      byId("logo-resolution").textContent = answer.resolution;
      notes.textContent = "Uploaded as " + answer.name + ". " + answer.resolution + " Save the brand to keep it.";
      schedule();
    }).catch(function () {
      notes.textContent = "The upload failed. Try again, or reload the page.";
    });
  }
  logoForm.addEventListener("submit", function (event) {
    event.preventDefault();
    upload();
  });
  if (drop && window.DataTransfer) {
    drop.querySelector(".drop-hint").hidden = false;
    drop.addEventListener("dragover", function (event) {
      event.preventDefault();
      drop.classList.add("dropping");
    });
    drop.addEventListener("dragleave", function () { drop.classList.remove("dropping"); });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      drop.classList.remove("dropping");
      if (!event.dataTransfer.files.length) return;
      logoFile.files = event.dataTransfer.files;
      upload();
    });
  }
})();
