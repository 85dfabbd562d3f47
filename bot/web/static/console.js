/*
 * The staff console's script (served as /staff/static/console.js, loaded by bot/web/templates/staff.html).
 *
 * - Talks to /staff/api/ (docs/handoff.md) with fetch, credentials "same-origin"; every POST carries the
 *   X-CSRF-Token from login/me. The session itself is an HttpOnly cookie this script never sees.
 * - The queue is fetched every 3 s, the open conversation every 2 s (new messages both ways).
 * - Everything from the server is put on the page with textContent only: messages may hold hostile text.
 * - 401 anywhere: back to the login form with "session expired". 409 on claim: "already claimed".
 * - All texts come from bot/content/console.yml (the JSON block #teksten).
 */
(function () {
  "use strict";

  var API = "/staff/api/";
  var QUEUE_INTERVAL_MS = 3000;
  var NOTICE_MS = 8000; // "already claimed" stays this long, even though the queue refreshes meanwhile
  var CONVERSATION_INTERVAL_MS = 2000;
  var KNOWN_STATUSES = ["wachtend", "in_gesprek", "teruggegeven", "afgesloten"];

  var teksten = {};
  try {
    teksten = JSON.parse(document.getElementById("teksten").textContent || "{}") || {};
  } catch (error) {
    teksten = {};
  }

  function t(key, values) {
    var value = teksten[key];
    var text = typeof value === "string" ? value : "";
    if (values) {
      Object.keys(values).forEach(function (name) {
        text = text.split("{" + name + "}").join(String(values[name]));
      });
    }
    return text;
  }

  function $(id) {
    return document.getElementById(id);
  }

  var el = {
    melding: $("melding"),
    account: $("account"),
    accountNaam: $("account-naam"),
    uitloggen: $("uitloggen"),
    login: $("login"),
    loginTitel: $("login-titel"),
    loginFout: $("login-fout"),
    loginForm: $("login-form"),
    loginGebruiker: $("login-gebruiker"),
    loginWachtwoord: $("login-wachtwoord"),
    loginKnop: $("login-knop"),
    console: $("console"),
    wachtrijTitel: $("wachtrij-titel"),
    wachtrijFout: $("wachtrij-fout"),
    wachtrijLeeg: $("wachtrij-leeg"),
    wachtrijTabel: $("wachtrij-tabel"),
    wachtrijRijen: $("wachtrij-rijen"),
    gesprek: $("gesprek"),
    gesprekTitel: $("gesprek-titel"),
    gesprekSluiten: $("gesprek-sluiten"),
    gesprekFout: $("gesprek-fout"),
    gesprekStatus: $("gesprek-status"),
    samRol: $("sam-rol"),
    samSignalen: $("sam-signalen"),
    samRisico: $("sam-risico"),
    samGemeente: $("sam-gemeente"),
    samWachttijd: $("sam-wachttijd"),
    samStatus: $("sam-status"),
    transcript: $("transcript"),
    transcriptLeeg: $("transcript-leeg"),
    claimHint: $("claim-hint"),
    claimen: $("gesprek-claimen"),
    berichtForm: $("bericht-form"),
    standaardzin: $("standaardzin"),
    standaardzinInvoegen: $("standaardzin-invoegen"),
    bericht: $("bericht"),
    versturen: $("versturen"),
    notities: $("notities"),
    notitiesLeeg: $("notities-leeg"),
    notitieForm: $("notitie-form"),
    notitie: $("notitie"),
    acties: $("acties"),
    teruggeven: $("teruggeven"),
    afsluitenForm: $("afsluiten-form"),
    uitkomst: $("uitkomst")
  };

  var state = {
    csrf: "",
    gebruiker: "",
    loggedIn: false,
    queue: {},          // id -> last queue item
    queueTimer: null,
    queueBusy: false,
    queueNoticeUntil: 0,
    open: null,         // {id, status, medewerker}
    conversationTimer: null,
    conversationBusy: false,
    rendered: [],       // "van\u0000tekst" of every transcript line on the page
    notesKey: "",
    generation: 0       // bumps on login/logout so late answers of an old session are ignored
  };

  /* ---------- Small helpers ---------- */

  function show(node, visible) {
    node.hidden = !visible;
  }

  function setText(node, text) {
    if (node.textContent !== text) {
      node.textContent = text;
    }
  }

  function showError(node, text) {
    setText(node, text || "");
    show(node, Boolean(text));
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  function asText(value) {
    if (value === null || value === undefined) {
      return "";
    }
    return typeof value === "string" ? value : String(value);
  }

  function orUnknown(value) {
    var text = asText(value).trim();
    return text ? text : t("onbekend");
  }

  function codes(value) {
    if (Array.isArray(value)) {
      return value.map(asText).filter(Boolean);
    }
    var text = asText(value).trim();
    return text ? text.split(/[\s,]+/).filter(Boolean) : [];
  }

  function waitingTime(seconds) {
    var n = Number(seconds);
    if (!isFinite(n) || n < 0) {
      return t("onbekend");
    }
    n = Math.floor(n);
    return n < 60 ? t("seconden", { n: n }) : t("minuten", { n: Math.floor(n / 60) });
  }

  function statusText(status, medewerker) {
    var key = KNOWN_STATUSES.indexOf(status) >= 0 ? "status_" + status : "";
    var text = key ? t(key) : orUnknown(status);
    if (status === "in_gesprek" && medewerker) {
      text += " " + t("met_medewerker", { naam: asText(medewerker) });
    }
    return text;
  }

  function safeClass(value) {
    var text = asText(value).toLowerCase();
    return /^[a-z0-9_-]{1,30}$/.test(text) ? text : "onbekend";
  }

  function labels(list) {
    var items = codes(list);
    if (!items.length) {
      var none = document.createElement("span");
      none.className = "geen";
      none.textContent = t("geen_signalen");
      return none;
    }
    var ul = document.createElement("ul");
    ul.className = "labels";
    items.forEach(function (code) {
      var li = document.createElement("li");
      li.className = "label";
      li.textContent = code;
      ul.appendChild(li);
    });
    return ul;
  }

  function risk(value) {
    var span = document.createElement("span");
    span.className = "risico risico-" + safeClass(value);
    span.textContent = orUnknown(value);
    return span;
  }

  function say(text) {
    // The polite status line at the top; an identical text is cleared first so it is announced again.
    el.melding.textContent = "";
    window.setTimeout(function () {
      el.melding.textContent = text || "";
    }, 50);
  }

  /* ---------- API ---------- */

  // Resolves to {status, data}; status 0 means no connection. A 401 ends the session on the page
  // (unless quiet401: the first "am I logged in?" question).
  function api(method, path, body, options) {
    var generation = state.generation;
    var init = {
      method: method,
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Accept": "application/json" }
    };
    if (method !== "GET") {
      init.headers["Content-Type"] = "application/json";
      if (state.csrf) {
        init.headers["X-CSRF-Token"] = state.csrf;
      }
      init.body = JSON.stringify(body || {});
    }
    return window.fetch(API + path, init).then(function (response) {
      return response.json().catch(function () {
        return {};
      }).then(function (data) {
        return { status: response.status, data: data || {} };
      });
    }, function () {
      return { status: 0, data: {} };
    }).then(function (result) {
      if (generation !== state.generation) {
        result.stale = true;
        return result;
      }
      if (result.status === 401 && !(options && options.quiet401) && state.loggedIn) {
        sessionExpired();
        result.stale = true;
      } else if (result.status === 403 && method !== "GET") {
        refreshToken();
      }
      return result;
    });
  }

  function refreshToken() {
    api("GET", "me").then(function (result) {
      if (!result.stale && result.status === 200 && typeof result.data.csrf_token === "string") {
        state.csrf = result.data.csrf_token;
      }
    });
  }

  function commonError(result, claiming) {
    if (result.status === 0) {
      return t("fout_verbinding");
    }
    if (result.status === 403) {
      return t("fout_csrf");
    }
    if (result.status === 409 && claiming) {
      return t("al_geclaimd");
    }
    if ((result.status === 409 || result.status === 404) && typeof result.data.error === "string") {
      return result.data.error; // the server's own sentence ("no longer yours", "does not exist")
    }
    return t("fout_algemeen");
  }

  function clock(value) {
    var seconds = Number(value);
    if (typeof value === "number" && isFinite(seconds)) {
      var date = new Date(seconds * 1000);
      var pad = function (n) {
        return (n < 10 ? "0" : "") + n;
      };
      return pad(date.getDate()) + "-" + pad(date.getMonth() + 1) + " " + pad(date.getHours()) + ":" +
        pad(date.getMinutes());
    }
    return asText(value);
  }

  /* ---------- Login and logout ---------- */

  function showLogin(message) {
    state.loggedIn = false;
    state.generation += 1;
    state.csrf = "";
    state.gebruiker = "";
    stopQueue();
    closeConversation(false);
    state.queue = {};
    state.queueNoticeUntil = 0;
    clear(el.wachtrijRijen);
    showError(el.wachtrijFout, "");
    show(el.console, false);
    show(el.account, false);
    show(el.login, true);
    el.loginWachtwoord.value = "";
    el.loginKnop.disabled = false;
    showError(el.loginFout, message || "");
    el.loginGebruiker.focus();
  }

  function sessionExpired() {
    showLogin(t("fout_sessie_verlopen"));
  }

  function enterConsole(data) {
    state.loggedIn = true;
    state.generation += 1;
    state.csrf = asText(data.csrf_token);
    state.gebruiker = asText(data.gebruiker);
    setText(el.accountNaam, state.gebruiker);
    showError(el.loginFout, "");
    show(el.login, false);
    show(el.account, true);
    show(el.console, true);
    loadCannedResponses();
    startQueue();
  }

  el.loginForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var gebruiker = el.loginGebruiker.value.trim();
    var wachtwoord = el.loginWachtwoord.value;
    if (!gebruiker || !wachtwoord) {
      showError(el.loginFout, t("fout_wachtwoord"));
      (gebruiker ? el.loginWachtwoord : el.loginGebruiker).focus();
      return;
    }
    el.loginKnop.disabled = true;
    showError(el.loginFout, "");
    api("POST", "login", { gebruiker: gebruiker, wachtwoord: wachtwoord }, { quiet401: true }).then(function (result) {
      el.loginKnop.disabled = false;
      el.loginWachtwoord.value = "";
      if (result.status === 200 && result.data.csrf_token) {
        enterConsole(result.data);
        el.wachtrijTitel.focus();
        return;
      }
      var text = result.status === 401 || result.status === 400 ? t("fout_wachtwoord")
        : result.status === 423 ? t("fout_geblokkeerd")
          : result.status === 0 ? t("fout_verbinding") : t("fout_algemeen");
      showError(el.loginFout, text);
      el.loginWachtwoord.focus();
    });
  });

  el.uitloggen.addEventListener("click", function () {
    api("POST", "logout").then(function () {
      showLogin("");
      say(t("uitgelogd"));
    });
  });

  /* ---------- Queue ---------- */

  function startQueue() {
    stopQueue();
    pollQueue();
  }

  function stopQueue() {
    window.clearTimeout(state.queueTimer);
    state.queueTimer = null;
  }

  function pollQueue() {
    var generation = state.generation;
    if (state.queueBusy) {
      return;
    }
    state.queueBusy = true;
    api("GET", "wachtrij").then(function (result) {
      state.queueBusy = false;
      if (result.stale || generation !== state.generation || !state.loggedIn) {
        return;
      }
      if (result.status === 200) {
        queueError("");
        renderQueue(Array.isArray(result.data.gesprekken) ? result.data.gesprekken : []);
      } else {
        queueError(commonError(result));
      }
      window.clearTimeout(state.queueTimer);
      state.queueTimer = window.setTimeout(pollQueue, QUEUE_INTERVAL_MS);
    });
  }

  // A claim notice stays visible for NOTICE_MS; the next refreshes do not replace it.
  function queueError(text, sticky) {
    var now = Date.now();
    if (!sticky && now < state.queueNoticeUntil) {
      return;
    }
    state.queueNoticeUntil = sticky ? now + NOTICE_MS : 0;
    showError(el.wachtrijFout, text);
  }

  function cell(row, index) {
    while (row.cells.length <= index) {
      row.insertCell(-1);
    }
    return row.cells[index];
  }

  function fillCell(td, content) {
    clear(td);
    if (typeof content === "string") {
      td.textContent = content;
    } else {
      td.appendChild(content);
    }
  }

  function updateRow(row, item) {
    var key = JSON.stringify([item.status, item.wacht_seconden, item.rol, item.signalen, item.risico,
      item.gemeente, item.voorbeeld, item.medewerker]);
    if (row.getAttribute("data-sleutel") === key) {
      return;
    }
    row.setAttribute("data-sleutel", key);
    row.className = "rij-" + safeClass(item.status);
    fillCell(cell(row, 0), waitingTime(item.wacht_seconden));
    fillCell(cell(row, 1), statusText(item.status, item.medewerker));
    fillCell(cell(row, 2), orUnknown(item.rol));
    fillCell(cell(row, 3), labels(item.signalen));
    fillCell(cell(row, 4), risk(item.risico));
    fillCell(cell(row, 5), orUnknown(item.gemeente));
    var preview = cell(row, 6);
    preview.className = "voorbeeld";
    fillCell(preview, asText(item.voorbeeld));
    var actionCell = cell(row, 7);
    var button = actionCell.querySelector("button");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      actionCell.appendChild(button);
    }
    var claim = item.status === "wachtend";
    button.className = claim ? "knop-eerste" : "knop-tweede";
    button.setAttribute("data-actie", claim ? "claim" : "open");
    setText(button, claim ? t("claimen") : t("openen"));
  }

  function renderQueue(items) {
    var active = document.activeElement;
    var seen = {};
    var rows = {};
    Array.prototype.forEach.call(el.wachtrijRijen.rows, function (row) {
      rows[row.getAttribute("data-id")] = row;
    });
    state.queue = {};
    items.forEach(function (item, index) {
      var id = asText(item && item.id);
      if (!id || seen[id]) {
        return;
      }
      seen[id] = true;
      state.queue[id] = item;
      var row = rows[id];
      if (!row) {
        row = document.createElement("tr");
        row.setAttribute("data-id", id);
      }
      updateRow(row, item);
      var position = el.wachtrijRijen.rows[index] || null;
      if (position !== row) {
        el.wachtrijRijen.insertBefore(row, position);
      }
    });
    Object.keys(rows).forEach(function (id) {
      if (!seen[id] && rows[id].parentNode) {
        rows[id].parentNode.removeChild(rows[id]);
      }
    });
    var empty = el.wachtrijRijen.rows.length === 0;
    show(el.wachtrijLeeg, empty);
    show(el.wachtrijTabel, !empty);
    if (active && active !== document.activeElement && document.body.contains(active)) {
      active.focus(); // a row moved while its button had the focus
    }
    if (state.open && state.queue[state.open.id]) {
      var current = state.queue[state.open.id];
      setText(el.samWachttijd, waitingTime(current.wacht_seconden));
    }
  }

  el.wachtrijRijen.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-actie]") : null;
    if (!button) {
      return;
    }
    var row = button.closest("tr");
    var id = row ? row.getAttribute("data-id") : "";
    if (!id) {
      return;
    }
    if (button.getAttribute("data-actie") === "claim") {
      claim(id, button);
    } else {
      openConversation(id);
    }
  });

  function claim(id, button) {
    state.queueNoticeUntil = 0;
    queueError("");
    showError(el.gesprekFout, "");
    if (button) {
      button.disabled = true;
    }
    api("POST", "gesprekken/" + encodeURIComponent(id) + "/claim").then(function (result) {
      if (button) {
        button.disabled = false;
      }
      if (result.stale) {
        return;
      }
      if (result.status === 200) {
        openConversation(id, { status: asText(result.data.status) || "in_gesprek",
          medewerker: asText(result.data.medewerker) || state.gebruiker });
      } else {
        var text = commonError(result, true);
        if (state.open && state.open.id === id) {
          showError(el.gesprekFout, text);
        } else {
          queueError(text, true);
        }
        if (result.status === 409 && state.open && state.open.id === id) {
          refreshConversation();
        }
      }
      pollQueue();
    });
  }

  /* ---------- One conversation ---------- */

  function openConversation(id, known) {
    var switching = !state.open || state.open.id !== id;
    var item = state.queue[id] || {};
    if (switching) {
      closeConversation(false);
      state.open = { id: id, status: asText(item.status), medewerker: asText(item.medewerker) };
      setText(el.samWachttijd, waitingTime(item.wacht_seconden));
      el.bericht.value = "";
      el.notitie.value = "";
    }
    if (known) {
      state.open.status = known.status;
      state.open.medewerker = known.medewerker;
    }
    showError(el.gesprekFout, "");
    show(el.gesprek, true);
    updateControls();
    refreshConversation();
    if (switching) {
      el.gesprekTitel.focus();
    }
  }

  function closeConversation(focusQueue) {
    window.clearTimeout(state.conversationTimer);
    state.conversationTimer = null;
    state.open = null;
    state.rendered = [];
    state.notesKey = "";
    clear(el.transcript);
    clear(el.notities);
    [el.samRol, el.samSignalen, el.samRisico, el.samGemeente, el.samWachttijd, el.samStatus].forEach(clear);
    setText(el.gesprekStatus, "");
    showError(el.gesprekFout, "");
    show(el.gesprek, false);
    if (focusQueue && state.loggedIn) {
      el.wachtrijTitel.focus();
    }
  }

  function refreshConversation() {
    if (!state.open || state.conversationBusy) {
      return;
    }
    var id = state.open.id;
    state.conversationBusy = true;
    window.clearTimeout(state.conversationTimer);
    api("GET", "gesprekken/" + encodeURIComponent(id)).then(function (result) {
      state.conversationBusy = false;
      if (result.stale || !state.open || state.open.id !== id) {
        return;
      }
      if (result.status === 200) {
        renderConversation(result.data);
      } else {
        showError(el.gesprekFout, commonError(result));
      }
      state.conversationTimer = window.setTimeout(refreshConversation, CONVERSATION_INTERVAL_MS);
    });
  }

  function renderConversation(data) {
    var summary = data.samenvatting && typeof data.samenvatting === "object" ? data.samenvatting : {};
    var queued = state.queue[state.open.id] || {};
    state.open.status = asText(data.status) || state.open.status;
    if (data.medewerker !== undefined) {
      state.open.medewerker = asText(data.medewerker);
    } else if (summary.medewerker !== undefined) {
      state.open.medewerker = asText(summary.medewerker);
    } else if (queued.medewerker) {
      state.open.medewerker = asText(queued.medewerker);
    }
    setText(el.samRol, orUnknown(summary.rol));
    fillCell(el.samSignalen, labels(summary.signalen));
    fillCell(el.samRisico, risk(summary.risico));
    setText(el.samGemeente, orUnknown(summary.gemeente));
    var seconds = data.wacht_seconden !== undefined ? data.wacht_seconden
      : summary.wacht_seconden !== undefined ? summary.wacht_seconden : queued.wacht_seconden;
    if (seconds !== undefined) {
      setText(el.samWachttijd, waitingTime(seconds));
    }
    setText(el.samStatus, statusText(state.open.status, state.open.medewerker));
    renderTranscript(Array.isArray(data.berichten) ? data.berichten : []);
    renderNotes(Array.isArray(data.notities) ? data.notities : []);
    updateControls();
  }

  function speaker(van) {
    return van === "jij" || van === "medewerker" ? van : "chatbot";
  }

  function messageItem(message) {
    var van = speaker(message && message.van);
    var li = document.createElement("li");
    li.className = "bericht bericht-" + van;
    var who = document.createElement("span");
    who.className = "van";
    who.textContent = t("van_" + van);
    var text = document.createElement("p");
    text.className = "tekst";
    text.textContent = asText(message && message.tekst);
    li.appendChild(who);
    li.appendChild(text);
    return li;
  }

  function renderTranscript(messages) {
    var keys = messages.map(function (message) {
      return speaker(message && message.van) + "\u0000" + asText(message && message.tekst);
    });
    var prefixSame = keys.length >= state.rendered.length && state.rendered.every(function (key, i) {
      return keys[i] === key;
    });
    if (!prefixSame) {
      clear(el.transcript);
      state.rendered = [];
    }
    var atBottom = el.transcript.scrollHeight - el.transcript.scrollTop - el.transcript.clientHeight < 40;
    for (var i = state.rendered.length; i < messages.length; i++) {
      el.transcript.appendChild(messageItem(messages[i]));
    }
    state.rendered = keys;
    show(el.transcriptLeeg, keys.length === 0);
    if (atBottom || !prefixSame) {
      el.transcript.scrollTop = el.transcript.scrollHeight;
    }
  }

  function renderNotes(notes) {
    var key = JSON.stringify(notes);
    if (key === state.notesKey) {
      return;
    }
    state.notesKey = key;
    clear(el.notities);
    notes.forEach(function (note) {
      var li = document.createElement("li");
      li.className = "notitie";
      var meta = document.createElement("p");
      meta.className = "notitie-meta";
      meta.textContent = [asText(note && note.gebruiker), clock(note && note.tijd)].filter(Boolean).join(" · ");
      var text = document.createElement("p");
      text.className = "tekst";
      text.textContent = asText(note && note.tekst);
      li.appendChild(meta);
      li.appendChild(text);
      el.notities.appendChild(li);
    });
    show(el.notitiesLeeg, notes.length === 0);
  }

  function updateControls() {
    if (!state.open) {
      return;
    }
    var status = state.open.status;
    var mine = status === "in_gesprek" && state.open.medewerker === state.gebruiker;
    show(el.berichtForm, mine);
    show(el.acties, mine);
    show(el.claimen, status === "wachtend");
    var hint = "";
    if (status === "wachtend") {
      hint = t("niet_geclaimd");
    } else if (status === "in_gesprek" && !mine) {
      hint = t("collega_bezig");
    } else if (status === "teruggegeven") {
      hint = t("teruggegeven");
    } else if (status === "afgesloten") {
      hint = t("afgesloten");
    }
    setText(el.claimHint, hint);
    show(el.claimHint, Boolean(hint));
  }

  el.gesprekSluiten.addEventListener("click", function () {
    closeConversation(true);
  });

  el.claimen.addEventListener("click", function () {
    if (state.open) {
      claim(state.open.id, el.claimen);
    }
  });

  function post(path, body, button) {
    var id = state.open.id;
    showError(el.gesprekFout, "");
    if (button) {
      button.disabled = true;
    }
    return api("POST", "gesprekken/" + encodeURIComponent(id) + "/" + path, body).then(function (result) {
      if (button) {
        button.disabled = false;
      }
      if (!result.stale && result.status !== 200) {
        showError(el.gesprekFout, commonError(result));
      }
      return result;
    });
  }

  el.berichtForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = el.bericht.value.trim();
    if (!state.open) {
      return;
    }
    if (!text) {
      showError(el.gesprekFout, t("fout_leeg"));
      el.bericht.focus();
      return;
    }
    post("bericht", { tekst: text }, el.versturen).then(function (result) {
      if (result.status === 200) {
        if (el.bericht.value.trim() === text) {
          el.bericht.value = "";
        }
        el.bericht.focus();
        refreshConversation();
      }
    });
  });

  // Enter sends, Shift+Enter starts a new line.
  el.bericht.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (typeof el.berichtForm.requestSubmit === "function") {
        el.berichtForm.requestSubmit();
      } else {
        el.versturen.click();
      }
    }
  });

  el.notitieForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = el.notitie.value.trim();
    if (!state.open) {
      return;
    }
    if (!text) {
      showError(el.gesprekFout, t("fout_leeg"));
      el.notitie.focus();
      return;
    }
    post("notitie", { tekst: text }, $("notitie-opslaan")).then(function (result) {
      if (result.status === 200) {
        el.notitie.value = "";
        setText(el.gesprekStatus, t("notitie_opgeslagen"));
        refreshConversation();
      }
    });
  });

  function finish(path, body, button, message) {
    post(path, body, button).then(function (result) {
      if (result.status === 200) {
        closeConversation(true);
        say(message);
        pollQueue();
      }
    });
  }

  el.teruggeven.addEventListener("click", function () {
    if (state.open) {
      finish("teruggeven", {}, el.teruggeven, t("teruggegeven"));
    }
  });

  el.afsluitenForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!state.open) {
      return;
    }
    if (!el.uitkomst.value) {
      showError(el.gesprekFout, t("uitkomst_nodig"));
      el.uitkomst.focus();
      return;
    }
    finish("afsluiten", { uitkomst: el.uitkomst.value }, $("afsluiten"), t("afgesloten"));
  });

  /* ---------- Canned responses and outcomes ---------- */

  function fillSelect(select, options) {
    while (select.options.length > 1) {
      select.remove(1);
    }
    options.forEach(function (option) {
      var node = document.createElement("option");
      node.value = option.value;
      node.textContent = option.label;
      select.appendChild(node);
    });
  }

  function loadCannedResponses() {
    api("GET", "standaardzinnen").then(function (result) {
      if (result.stale || result.status !== 200 || !Array.isArray(result.data.zinnen)) {
        return;
      }
      fillSelect(el.standaardzin, result.data.zinnen.filter(function (zin) {
        return zin && asText(zin.tekst);
      }).map(function (zin) {
        return { value: asText(zin.tekst), label: asText(zin.titel) || asText(zin.tekst) };
      }));
    });
  }

  el.standaardzinInvoegen.addEventListener("click", function () {
    var text = el.standaardzin.value;
    if (!text) {
      el.standaardzin.focus();
      return;
    }
    var current = el.bericht.value.replace(/\s+$/, "");
    el.bericht.value = current ? current + " " + text : text;
    el.standaardzin.value = "";
    el.bericht.focus();
    el.bericht.setSelectionRange(el.bericht.value.length, el.bericht.value.length);
  });

  var uitkomsten = Array.isArray(teksten.uitkomsten) ? teksten.uitkomsten : [];
  fillSelect(el.uitkomst, uitkomsten.map(asText).filter(Boolean).map(function (text) {
    return { value: text, label: text };
  }));

  /* ---------- Start ---------- */

  show(el.login, false);
  api("GET", "me", null, { quiet401: true }).then(function (result) {
    if (result.status === 200 && result.data.csrf_token) {
      enterConsole(result.data);
    } else {
      showLogin(result.status === 0 ? t("fout_verbinding") : "");
    }
  });
}());
