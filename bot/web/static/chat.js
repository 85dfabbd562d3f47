/*
 * The chat page's script (served as /chat/static/chat.js, loaded by bot/web/templates/chat.html).
 *
 * - A small Socket.IO v5 client over a plain WebSocket (Engine.IO v4), with reconnect and an in-memory queue.
 * - Only the conversation id is kept, in sessionStorage. The conversation itself is fetched from the server
 *   after a reload (/chat/api/gesprek/<id>); nothing of it is written to any browser storage.
 * - Message text is only ever put on the page with textContent.
 * - "Snel weg" (button, or Shift three times within one second) blanks the page at once, forgets the id,
 *   closes the socket and replaces the page with a neutral site (no new history entry).
 * - All texts come from bot/content/widget.yml (the JSON block #teksten).
 */
(function () {
  "use strict";

  var ID_KEY = "chat-gesprek-id";
  var ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
  var STATUS_INTERVAL_MS = 60000;
  var TYPING_TIMEOUT_MS = 45000;
  var BACKOFF_START_MS = 1000;
  var BACKOFF_MAX_MS = 30000;
  var SHIFT_WINDOW_MS = 1000;

  var teksten = {};
  try {
    teksten = JSON.parse(document.getElementById("teksten").textContent || "{}") || {};
  } catch (error) {
    teksten = {};
  }

  function t(key) {
    var value = teksten[key];
    return typeof value === "string" ? value : "";
  }

  var el = {
    body: document.body,
    berichten: document.getElementById("berichten"),
    scroller: document.getElementById("scroller"),
    welkom: document.getElementById("welkom"),
    typt: document.getElementById("typt"),
    verbinding: document.getElementById("verbinding"),
    status: document.getElementById("status"),
    form: document.getElementById("invoer-form"),
    invoer: document.getElementById("invoer"),
    wis: document.getElementById("wis"),
    dialoog: document.getElementById("wis-dialoog"),
    wisJa: document.getElementById("wis-ja"),
    wisNee: document.getElementById("wis-nee"),
    wisFout: document.getElementById("wis-fout")
  };

  var weg = false; // set by "Snel weg"; from then on nothing may show or connect again

  /* ---------- Conversation id: sessionStorage only ---------- */

  var geheugenId = null; // fallback when sessionStorage is blocked (then a reload starts a new conversation)

  function nieuwId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var hex = "";
    for (var i = 0; i < bytes.length; i++) {
      hex += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return hex;
  }

  function leesId() {
    var id = null;
    try {
      id = window.sessionStorage.getItem(ID_KEY);
    } catch (error) {
      id = geheugenId;
    }
    return id && ID_PATTERN.test(id) ? id : null;
  }

  function bewaarId(id) {
    geheugenId = id;
    try {
      window.sessionStorage.setItem(ID_KEY, id);
    } catch (error) { /* memory only */ }
  }

  function vergeetId() {
    geheugenId = null;
    try {
      window.sessionStorage.removeItem(ID_KEY);
      window.sessionStorage.clear();
    } catch (error) { /* nothing stored */ }
  }

  /* ---------- Minimal Socket.IO v5 client (Engine.IO v4, WebSocket transport only) ---------- */

  function SocketIO(handlers) {
    this.handlers = handlers;
    this.ws = null;
    this.stopped = true;
    this.connected = false; // Socket.IO namespace connected
    this.backoff = BACKOFF_START_MS;
    this.retryTimer = null;
    this.pingTimer = null;
    this.pingDeadline = 0;
  }

  SocketIO.prototype.url = function () {
    var scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
    return scheme + "//" + window.location.host + "/socket.io/?EIO=4&transport=websocket";
  };

  SocketIO.prototype.start = function () {
    this.stopped = false;
    this.backoff = BACKOFF_START_MS;
    this.open();
  };

  SocketIO.prototype.open = function () {
    var self = this;
    if (self.stopped || self.ws) {
      return;
    }
    clearTimeout(self.retryTimer);
    self.retryTimer = null;
    var ws;
    try {
      ws = new WebSocket(self.url());
    } catch (error) {
      self.dropped();
      return;
    }
    self.ws = ws;
    ws.onmessage = function (event) {
      if (self.ws === ws && typeof event.data === "string") {
        self.packet(event.data);
      }
    };
    ws.onclose = function () {
      if (self.ws === ws) {
        self.dropped();
      }
    };
    ws.onerror = function () { /* onclose follows */ };
  };

  // Forgets the current socket without waiting for its close handshake.
  SocketIO.prototype.discard = function () {
    var ws = this.ws;
    this.ws = null;
    this.connected = false;
    clearTimeout(this.pingTimer);
    this.pingTimer = null;
    if (ws) {
      ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close();
      } catch (error) { /* already closed */ }
    }
  };

  SocketIO.prototype.stop = function () {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.discard();
  };

  SocketIO.prototype.dropped = function () {
    var wasConnected = this.connected;
    this.discard();
    if (this.stopped) {
      return;
    }
    this.handlers.onDrop(wasConnected);
    this.scheduleRetry();
  };

  SocketIO.prototype.scheduleRetry = function () {
    var self = this;
    if (self.stopped || self.retryTimer) {
      return;
    }
    var delay = Math.min(self.backoff, BACKOFF_MAX_MS);
    delay = delay / 2 + Math.random() * delay / 2; // jitter: not every tab at the same moment
    self.backoff = Math.min(self.backoff * 2, BACKOFF_MAX_MS);
    self.retryTimer = setTimeout(function () {
      self.retryTimer = null;
      self.handlers.onRetry();
      self.open();
    }, delay);
  };

  // Reconnect now (for example when the browser is back online).
  SocketIO.prototype.retryNow = function () {
    if (this.stopped) {
      return;
    }
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.backoff = BACKOFF_START_MS;
    if (!this.ws) {
      this.handlers.onRetry();
      this.open();
    }
  };

  SocketIO.prototype.watchPing = function (ms) {
    var self = this;
    clearTimeout(self.pingTimer);
    self.pingTimer = setTimeout(function () {
      // No ping from the server in time: the connection is dead even if the browser did not notice.
      self.dropped();
    }, ms);
  };

  SocketIO.prototype.packet = function (data) {
    var type = data.charAt(0);
    var rest = data.slice(1);
    if (type === "0") { // Engine.IO open
      var open = {};
      try {
        open = JSON.parse(rest);
      } catch (error) { /* defaults below */ }
      this.pingDeadline = (Number(open.pingInterval) || 25000) + (Number(open.pingTimeout) || 20000);
      this.watchPing(this.pingDeadline);
      this.send("40"); // Socket.IO connect to the default namespace
    } else if (type === "2") { // ping
      this.send("3");
      this.watchPing(this.pingDeadline);
    } else if (type === "1") { // Engine.IO close
      this.dropped();
    } else if (type === "4") {
      this.socketPacket(rest);
    }
  };

  SocketIO.prototype.socketPacket = function (data) {
    var type = data.charAt(0);
    var rest = data.slice(1);
    if (rest.charAt(0) === "/") { // a namespace other than "/": not ours
      return;
    }
    if (type === "0") { // namespace connected
      this.connected = true;
      this.backoff = BACKOFF_START_MS;
      this.handlers.onConnect();
    } else if (type === "1" || type === "4") { // disconnected or connect error
      this.dropped();
    } else if (type === "2") { // event: optional ack id, then ["name", data]
      var json = rest.replace(/^\d+/, "");
      var args;
      try {
        args = JSON.parse(json);
      } catch (error) {
        return;
      }
      if (Array.isArray(args) && typeof args[0] === "string") {
        this.handlers.onEvent(args[0], args[1]);
      }
    }
  };

  SocketIO.prototype.send = function (text) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(text);
      return true;
    }
    return false;
  };

  SocketIO.prototype.emit = function (name, data) {
    return this.connected && this.send("42" + JSON.stringify([name, data]));
  };

  /* ---------- Conversation state ---------- */

  var gesprekId = null;
  var bevestigd = false;   // session_confirm received for gesprekId on the current connection
  var geschiedenis = null; // promise: the stored conversation is on the page
  var wachtrij = [];       // messages typed while not connected: {tekst, item}
  var wasVerbroken = false;
  var typtTimer = null;
  var terugTimer = null;

  var socket = new SocketIO({
    onConnect: function () {
      bevestigd = false;
      (geschiedenis || Promise.resolve()).then(function () {
        if (!weg && gesprekId) {
          socket.emit("session_request", { session_id: gesprekId });
        }
      });
    },
    onEvent: function (name, data) {
      if (weg) {
        return;
      }
      if (name === "session_confirm") {
        if (data === gesprekId) {
          bevestigd = true;
          verbonden();
        }
      } else if (name === "bot_uttered") {
        botBericht(data);
      }
    },
    onDrop: function (wasConnected) {
      bevestigd = false;
      if (wasConnected || wachtrij.length) {
        wasVerbroken = true;
        toonVerbinding(t("verbinding_weg"));
      }
      stopTypt();
    },
    onRetry: function () {
      if (wasVerbroken) {
        toonVerbinding(t("verbinding_opnieuw"));
      }
    }
  });

  function verbonden() {
    if (wasVerbroken) {
      wasVerbroken = false;
      toonVerbinding(t("verbinding_terug"));
      clearTimeout(terugTimer);
      terugTimer = setTimeout(function () {
        if (el.verbinding.textContent === t("verbinding_terug")) {
          toonVerbinding("");
        }
      }, 4000);
    } else if (verbindingsTekst()) {
      toonVerbinding("");
    }
    // Messages typed while offline: each is sent exactly once, in order.
    while (wachtrij.length && bevestigd) {
      var next = wachtrij.shift();
      if (!verstuur(next.tekst)) {
        wachtrij.unshift(next);
        break;
      }
      next.item.classList.remove("wacht");
      var noot = next.item.querySelector(".noot");
      if (noot) {
        noot.parentNode.removeChild(noot);
      }
    }
  }

  function verstuur(tekst) {
    if (!bevestigd || !gesprekId) {
      return false;
    }
    var ok = socket.emit("user_uttered", { message: tekst, session_id: gesprekId });
    if (ok) {
      startTypt();
    }
    return ok;
  }

  // Is the line under the conversation about the connection (and not, say, "Je gesprek is gewist.")?
  function verbindingsTekst() {
    var nu = el.verbinding.textContent;
    return ["verbinding_bezig", "verbinding_weg", "verbinding_opnieuw", "verbinding_terug"]
      .some(function (key) { return nu === t(key); });
  }

  function toonVerbinding(tekst) {
    if (el.verbinding.textContent !== tekst) {
      el.verbinding.textContent = tekst;
    }
  }

  /* ---------- Rendering (textContent only) ---------- */

  // Web addresses and Dutch help numbers in the bot's texts become links.
  var LINK_PATTERN = /(https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.nl(?:\/[^\s<>"']*[^\s<>"'.,;:!?)])?|\b0800-?\d{4}\b|\b11[23]\b)/gi;

  function vulTekst(node, tekst, links) {
    if (!links) {
      node.textContent = tekst;
      return;
    }
    var last = 0;
    var match;
    LINK_PATTERN.lastIndex = 0;
    while ((match = LINK_PATTERN.exec(tekst)) !== null) {
      var found = match[0];
      if (match.index > last) {
        node.appendChild(document.createTextNode(tekst.slice(last, match.index)));
      }
      var a = document.createElement("a");
      if (/^\d/.test(found)) {
        a.href = "tel:" + found.replace(/-/g, "");
      } else {
        a.href = /^https?:\/\//i.test(found) ? found : "https://" + found;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
      }
      a.textContent = found;
      node.appendChild(a);
      last = match.index + found.length;
    }
    if (last < tekst.length) {
      node.appendChild(document.createTextNode(tekst.slice(last)));
    }
  }

  function afzenderLabel(van) {
    if (van === "jij") {
      return t("van_jij");
    }
    return van === "medewerker" ? t("van_medewerker") : t("van_chatbot");
  }

  function voegBerichtToe(van, tekst) {
    el.welkom.hidden = true;
    var item = document.createElement("div");
    item.className = "bericht bericht-" + (van === "jij" || van === "medewerker" ? van : "chatbot");
    var wie = document.createElement("span");
    wie.className = "wie";
    wie.textContent = afzenderLabel(van) + ": ";
    var tekstNode = document.createElement("p");
    tekstNode.className = "tekst";
    vulTekst(tekstNode, String(tekst || ""), van !== "jij");
    item.appendChild(wie);
    item.appendChild(tekstNode);
    el.berichten.appendChild(item);
    naarOnder();
    return item;
  }

  function verwijderKeuzes() {
    var groepen = el.berichten.querySelectorAll(".keuzes");
    for (var i = 0; i < groepen.length; i++) {
      groepen[i].parentNode.removeChild(groepen[i]);
    }
  }

  function voegKeuzesToe(knoppen) {
    var geldig = [];
    for (var i = 0; i < knoppen.length; i++) {
      var k = knoppen[i] || {};
      if (typeof k.titel === "string" && typeof k.payload === "string" && k.titel && k.payload) {
        geldig.push(k);
      }
    }
    if (!geldig.length) {
      return;
    }
    var item = document.createElement("div");
    item.className = "keuzes";
    var groep = document.createElement("div");
    groep.setAttribute("role", "group");
    groep.setAttribute("aria-label", t("aria_keuzes"));
    geldig.forEach(function (knop) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "keuze";
      button.textContent = knop.titel;
      button.addEventListener("click", function () {
        stuurBericht(knop.payload, knop.titel);
        el.invoer.focus();
      });
      groep.appendChild(button);
    });
    item.appendChild(groep);
    el.berichten.appendChild(item);
    naarOnder();
  }

  function naarOnder() {
    el.scroller.scrollTop = el.scroller.scrollHeight;
  }

  function botBericht(data) {
    if (!data || typeof data !== "object") {
      return;
    }
    stopTypt();
    var van = data.van === "medewerker" ? "medewerker" : "chatbot";
    if (typeof data.text === "string" && data.text) {
      voegBerichtToe(van, data.text);
    }
    var replies = Array.isArray(data.quick_replies) ? data.quick_replies : Array.isArray(data.buttons) ? data.buttons : [];
    voegKeuzesToe(replies.map(function (reply) {
      return { titel: reply && reply.title, payload: reply && reply.payload };
    }));
  }

  function startTypt() {
    el.typt.hidden = false;
    clearTimeout(typtTimer);
    typtTimer = setTimeout(function () {
      el.typt.hidden = true;
      toonVerbinding(t("geen_antwoord"));
    }, TYPING_TIMEOUT_MS);
  }

  function stopTypt() {
    clearTimeout(typtTimer);
    typtTimer = null;
    el.typt.hidden = true;
  }

  /* ---------- Sending ---------- */

  // tekst is what is sent (a button sends its payload); getoond is what the person sees as their message.
  function stuurBericht(tekst, getoond) {
    if (weg || !tekst) {
      return;
    }
    verwijderKeuzes();
    if (!verbindingsTekst()) {
      toonVerbinding(""); // an old notice ("gewist", "duurt lang") is done once the person goes on
    }
    var item = voegBerichtToe("jij", getoond || tekst);
    if (!verstuur(tekst)) {
      item.classList.add("wacht");
      var noot = document.createElement("span");
      noot.className = "noot";
      noot.textContent = t("bericht_wacht");
      item.appendChild(noot);
      wachtrij.push({ tekst: tekst, item: item });
      if (!socket.ws) {
        socket.retryNow();
      }
    }
  }

  el.form.addEventListener("submit", function (event) {
    event.preventDefault();
    var tekst = el.invoer.value.trim();
    if (!tekst) {
      el.invoer.focus();
      return;
    }
    el.invoer.value = "";
    stuurBericht(tekst);
    el.invoer.focus();
  });

  /* ---------- Starting a conversation ---------- */

  function laadGeschiedenis(id) {
    return window.fetch("/chat/api/gesprek/" + encodeURIComponent(id), {
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("status " + response.status);
      }
      return response.json();
    }).then(function (data) {
      if (weg || id !== gesprekId) {
        return;
      }
      var berichten = data && Array.isArray(data.berichten) ? data.berichten : [];
      berichten.forEach(function (bericht) {
        if (bericht && typeof bericht.tekst === "string" && bericht.tekst) {
          voegBerichtToe(bericht.van, bericht.tekst);
        }
      });
      var laatste = berichten[berichten.length - 1];
      if (laatste && laatste.van !== "jij" && Array.isArray(laatste.knoppen)) {
        voegKeuzesToe(laatste.knoppen);
      }
    }).catch(function () {
      if (!weg) {
        toonVerbinding(t("laden_fout"));
      }
    });
  }

  function begin() {
    gesprekId = leesId();
    if (gesprekId) {
      geschiedenis = laadGeschiedenis(gesprekId);
    } else {
      gesprekId = nieuwId();
      bewaarId(gesprekId);
      geschiedenis = Promise.resolve();
    }
    socket.start();
    setTimeout(function () {
      if (!bevestigd && !weg && !el.verbinding.textContent) {
        toonVerbinding(t("verbinding_bezig"));
      }
    }, 2000);
  }

  function nieuwGesprek() {
    socket.stop();
    bevestigd = false;
    wachtrij = [];
    stopTypt();
    el.berichten.textContent = "";
    el.welkom.hidden = false;
    vergeetId();
    gesprekId = nieuwId();
    bewaarId(gesprekId);
    geschiedenis = Promise.resolve();
    socket.start();
  }

  /* ---------- Availability of a person ---------- */

  function laadStatus() {
    if (weg) {
      return;
    }
    var adres = "/chat/api/status" + (gesprekId ? "?gesprek=" + encodeURIComponent(gesprekId) : "");
    window.fetch(adres, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        var tekst = data && typeof data.tekst === "string" && data.tekst ? data.tekst : t("mens_niet_beschikbaar");
        var plek = data && Number(data.wachtrij_positie);
        if (plek > 0 && Math.floor(plek) === plek && t("wachtrij")) {
          tekst += " " + t("wachtrij").replace("{positie}", String(plek));
        }
        if (!weg && el.status.textContent !== tekst) {
          el.status.textContent = tekst;
        }
      })
      .catch(function () {
        if (!weg && el.status.textContent !== t("mens_niet_beschikbaar")) {
          el.status.textContent = t("mens_niet_beschikbaar");
        }
      });
  }

  /* ---------- Snel weg ---------- */

  function leegPagina() {
    document.documentElement.classList.add("weg");
    el.berichten.textContent = "";
    el.invoer.value = "";
    document.title = "\u200B";
  }

  function snelWeg() {
    if (weg) {
      return;
    }
    weg = true;
    leegPagina();
    vergeetId();
    socket.stop();
    wachtrij = [];
    var url = el.body.getAttribute("data-quick-exit-url") || "";
    if (!/^https?:\/\//i.test(url)) {
      url = "about:blank";
    }
    if (el.body.getAttribute("data-ingebed") === "ja" && window.top !== window.self) {
      try {
        window.parent.postMessage({ chat: "snel-weg", url: url }, "*");
      } catch (error) { /* the partner page's own script may not listen */ }
      try {
        window.top.location.replace(url);
        return;
      } catch (error) { /* not allowed: at least leave the chat itself */ }
    }
    window.location.replace(url);
  }

  var snelWegKnoppen = document.querySelectorAll("[data-snel-weg]");
  for (var k = 0; k < snelWegKnoppen.length; k++) {
    snelWegKnoppen[k].addEventListener("click", snelWeg);
  }

  var shiftTijden = [];
  window.addEventListener("keydown", function (event) {
    if (event.key !== "Shift") {
      shiftTijden = []; // only Shift, Shift, Shift in a row counts, not capitals while typing
      return;
    }
    if (event.repeat) {
      return;
    }
    var nu = Date.now();
    shiftTijden.push(nu);
    shiftTijden = shiftTijden.filter(function (tijd) {
      return nu - tijd <= SHIFT_WINDOW_MS;
    });
    if (shiftTijden.length >= 3) {
      shiftTijden = [];
      snelWeg();
    }
  }, true);

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      // Back to this page from the browser's page cache: show nothing of the old page. After "Snel weg" it
      // stays blank; otherwise load it fresh (the conversation comes back from the server).
      leegPagina();
      if (!weg) {
        socket.stop();
        window.location.reload();
      }
    }
  });

  /* ---------- Wis dit gesprek ---------- */

  var wisBezig = false;
  var focusNaDialoog = null; // where focus goes when the dialog closes

  function openDialoog() {
    focusNaDialoog = el.wis;
    el.wisFout.hidden = true;
    if (typeof el.dialoog.showModal === "function") {
      el.dialoog.showModal();
    } else {
      el.dialoog.setAttribute("open", "");
    }
    el.wisNee.focus();
  }

  function sluitDialoog() {
    if (typeof el.dialoog.close === "function") {
      el.dialoog.close();
    } else {
      el.dialoog.removeAttribute("open");
    }
  }

  el.wis.addEventListener("click", openDialoog);
  el.wisNee.addEventListener("click", function () {
    sluitDialoog();
  });
  el.dialoog.addEventListener("close", function () {
    if (!weg && focusNaDialoog) {
      focusNaDialoog.focus();
    }
  });
  el.wisJa.addEventListener("click", function () {
    if (wisBezig) {
      return;
    }
    wisBezig = true;
    el.wisJa.disabled = true;
    window.fetch("/privacy/wis", {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify({ sender: gesprekId })
    }).then(function (response) {
      if (!response.ok) {
        throw new Error("status " + response.status);
      }
      return response.json();
    }).then(function (data) {
      focusNaDialoog = el.invoer;
      sluitDialoog();
      nieuwGesprek();
      var klaar = t("wis_klaar") || (data && typeof data.status === "string" ? data.status : "");
      toonVerbinding(klaar);
      el.invoer.focus();
    }).catch(function () {
      el.wisFout.hidden = false;
    }).then(function () {
      wisBezig = false;
      el.wisJa.disabled = false;
    });
  });

  /* ---------- Online / offline ---------- */

  window.addEventListener("offline", function () {
    if (socket.ws) {
      socket.dropped();
    }
  });
  window.addEventListener("online", function () {
    socket.retryNow();
  });

  /* ---------- Go ---------- */

  begin();
  laadStatus();
  setInterval(laadStatus, STATUS_INTERVAL_MS);
}());
