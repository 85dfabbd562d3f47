/*
 * The chat for partner sites, with one tag:  <script src="https://<our host>/chat/embed.js" async></script>
 *
 * Adds a fixed "Chat" button; it opens the chat (<our host>/chat?ingebed=1) in an iframe with a close
 * button. Nothing is loaded from our server until the button is pressed, apart from a small stylesheet.
 * It runs on the partner's page: it only touches the elements it creates (class names start with
 * "lbchat-"), uses no inline styles and stores nothing.
 * The partner's origin must be in FRAME_ANCESTORS on our server, or the browser refuses the iframe.
 * The texts are a copy of the embed_ keys in bot/content/widget.yml (a test checks they match).
 */
(function () {
  "use strict";

  var TEKST = {
    embed_knop: "Chat",
    embed_sluit: "Sluit de chat",
    embed_titel: "Chat over loverboys"
  };

  var script = document.currentScript;
  if (!script || !script.src || document.querySelector(".lbchat-knop")) {
    return;
  }
  var origin;
  try {
    origin = new URL(script.src, window.location.href).origin;
  } catch (error) {
    return;
  }

  function maak(tag, className) {
    var node = document.createElement(tag);
    node.className = className;
    return node;
  }

  function start() {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = origin + "/chat/static/embed.css";
    (document.head || document.documentElement).appendChild(link);

    var knop = maak("button", "lbchat-knop");
    knop.type = "button";
    knop.textContent = TEKST.embed_knop;
    knop.setAttribute("aria-expanded", "false");
    knop.setAttribute("aria-controls", "lbchat-paneel");

    var paneel = maak("div", "lbchat-paneel lbchat-dicht");
    paneel.id = "lbchat-paneel";
    paneel.setAttribute("role", "region");
    paneel.setAttribute("aria-label", TEKST.embed_titel);

    var sluit = maak("button", "lbchat-sluit");
    sluit.type = "button";
    sluit.textContent = "\u00D7";
    sluit.setAttribute("aria-label", TEKST.embed_sluit);
    sluit.title = TEKST.embed_sluit;
    var paneelKop = maak("div", "lbchat-paneelkop");
    paneelKop.appendChild(sluit);
    paneel.appendChild(paneelKop);

    var frame = null;

    function open() {
      if (!frame) {
        frame = maak("iframe", "lbchat-frame");
        frame.title = TEKST.embed_titel;
        frame.src = origin + "/chat?ingebed=1";
        frame.setAttribute("referrerpolicy", "no-referrer");
        paneel.appendChild(frame);
      }
      paneel.className = "lbchat-paneel lbchat-open";
      knop.setAttribute("aria-expanded", "true");
      knop.className = "lbchat-knop lbchat-verborgen";
      sluit.focus();
    }

    function dicht() {
      paneel.className = "lbchat-paneel lbchat-dicht";
      knop.setAttribute("aria-expanded", "false");
      knop.className = "lbchat-knop";
      knop.focus();
    }

    knop.addEventListener("click", open);
    sluit.addEventListener("click", dicht);
    paneel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        dicht();
      }
    });

    // "Snel weg" inside the chat: remove the chat at once and leave this page too.
    window.addEventListener("message", function (event) {
      var data = event.data;
      if (event.origin !== origin || !data || data.chat !== "snel-weg") {
        return;
      }
      if (paneel.parentNode) {
        paneel.parentNode.removeChild(paneel);
      }
      if (knop.parentNode) {
        knop.parentNode.removeChild(knop);
      }
      if (typeof data.url === "string" && /^https?:\/\//i.test(data.url)) {
        window.location.replace(data.url);
      }
    });

    document.body.appendChild(knop);
    document.body.appendChild(paneel);
  }

  if (document.body) {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
}());
