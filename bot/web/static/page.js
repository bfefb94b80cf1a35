// Starts the rasa-webchat widget, embedded in the page's chat panel, against this server's socket.io
// channel. The conversation is kept in localStorage, so a reload shows it again.
(function () {
  "use strict";

  var SESSION_KEY = "chat_session"; // where rasa-webchat keeps the session id and messages
  var UNREACHABLE_AFTER_MS = 5000;
  var statusBox = document.getElementById("server-status");
  var connected = false;
  var unreachableTimer = null;

  function showUnreachable(visible) {
    statusBox.hidden = !visible;
  }

  // One timer from the first failure: socket.io retries (and fails) every 1 to 7.5 s, and restarting
  // the timer on each failure could put the notice off for as long as the server stays down.
  function expectConnection() {
    if (unreachableTimer !== null) return;
    unreachableTimer = setTimeout(function () {
      unreachableTimer = null;
      if (!connected) showUnreachable(true);
    }, UNREACHABLE_AFTER_MS);
  }

  function onConnect() {
    connected = true;
    clearTimeout(unreachableTimer);
    unreachableTimer = null;
    showUnreachable(false);
  }

  function onDisconnect() {
    connected = false;
    expectConnection();
  }

  WebChat.default({
    selector: "#webchat",
    embedded: true,
    initPayload: "/greet",
    customData: { language: "en" },
    socketUrl: window.location.origin,
    socketPath: "/socket.io/",
    title: "SonoPath",
    inputTextFieldHint: "Ask about pay, exams, school...",
    connectingText: "Connecting to SonoPath...",
    params: { storage: "local" },
    customMessageDelay: function (message) {
      return Math.min(600, 8 * message.length);
    },
    onSocketEvent: {
      connect: onConnect,
      disconnect: onDisconnect,
      connect_error: onDisconnect,
    },
  }, document.getElementById("webchat"));

  expectConnection();

  document.getElementById("start-over").addEventListener("click", function () {
    // A new session id starts a new conversation; the old one stays in the tracker store.
    localStorage.removeItem(SESSION_KEY);
    window.location.reload();
  });
})();
