/* Parley web chat widget. One tag adds it to any page:
 *   <script src="https://your-parley-host/webchat/widget.js" data-store="demo" async></script>
 * Optional: data-mode="page" (full page, no launcher button, as on /chat/<store>), data-title="...".
 * Plain browser JavaScript, served as it is: no bundler, no dependencies. It speaks GraphQL over WebSocket with the
 * graphql-ws protocol (graphql-transport-ws) to the server it was loaded from. Message text is only ever set as
 * text, never parsed as HTML. */
/* global window, document, localStorage, WebSocket, URL, setTimeout, clearTimeout, setInterval, clearInterval */
(function () {
  'use strict';

  // Replaced by the server with the plugin's options.
  var SETTINGS = {} /* webchat settings */;

  var script = document.currentScript || document.querySelector('script[src*="/webchat/widget.js"]');
  if (!script) return;
  var store = script.getAttribute('data-store') || '';
  var pageMode = script.getAttribute('data-mode') === 'page';
  var title = script.getAttribute('data-title') || SETTINGS.title || 'Chat';
  var base = new URL(script.src, window.location.href);
  var socketUrl = (base.protocol === 'https:' ? 'wss://' : 'ws://') + base.host + '/graphql';

  var SEND =
    'mutation WebchatSend($store: String!, $visitorId: String!, $clientMessageId: String!, $text: String, $replyId: String, $replyTitle: String) ' +
    '{ webchatSend(store: $store, visitorId: $visitorId, clientMessageId: $clientMessageId, text: $text, replyId: $replyId, replyTitle: $replyTitle) }';
  var FIELDS = '{ id author type text buttons { id title } rows { id title description } url label at }';
  var HISTORY = 'query WebchatHistory($store: String!, $visitorId: String!) { webchatHistory(store: $store, visitorId: $visitorId, last: 100) ' + FIELDS + ' }';
  var MESSAGES = 'subscription WebchatMessages($store: String!, $visitorId: String!) { webchatMessages(store: $store, visitorId: $visitorId) ' + FIELDS + ' }';
  var MAX_TEXT = 4096;

  function randomId(length) {
    var alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    var bytes = window.crypto.getRandomValues(new Uint8Array(length));
    var id = '';
    for (var i = 0; i < length; i += 1) id += alphabet[bytes[i] & 63];
    return id;
  }

  // The visitor id is the visitor's only credential: random, per browser and store, kept across visits.
  function visitorIdFor(slug) {
    var key = 'parley-webchat:' + slug + ':visitor';
    try {
      var kept = localStorage.getItem(key);
      if (kept && /^[A-Za-z0-9_-]{20,64}$/.test(kept)) return kept;
      var fresh = randomId(32);
      localStorage.setItem(key, fresh);
      return fresh;
    } catch {
      // Storage blocked (private mode, third-party storage off): the chat works until the page is left.
      return randomId(32);
    }
  }

  var visitorId = visitorIdFor(store);

  // ---------------------------------------------------------------------------------------------------------------
  // The conversation: messages by author and id, kept in time order. A visitor's message is shown at once and
  // stays "pending" until the server has acknowledged it; pending ones are sent again, with the same
  // clientMessageId, after every reconnect, and the server receives each once.
  var messages = [];
  var pending = {};
  var fatal = null;

  function keyOf(message) {
    return message.author + ':' + message.id;
  }

  // The server's copy of a message (its echo, or the history after a reload) replaces what was shown of it.
  function upsert(message) {
    var index = messages.findIndex(function (shown) {
      return keyOf(shown) === keyOf(message);
    });
    if (index >= 0) messages[index] = Object.assign({}, messages[index], message);
    else messages.push(message);
    messages.sort(function (a, b) {
      return a.at < b.at ? -1 : a.at > b.at ? 1 : 0;
    });
    render();
  }

  function sendMessage(content) {
    var clientMessageId = randomId(22);
    var text = content.text !== undefined ? content.text : content.replyTitle;
    pending[clientMessageId] = content;
    upsert({ id: clientMessageId, author: 'visitor', type: 'text', text: text, buttons: [], rows: [], at: new Date().toISOString(), pending: true });
    transmit(clientMessageId);
  }

  function transmit(clientMessageId) {
    var content = pending[clientMessageId];
    if (!content || !connection.ready) return;
    var variables = { store: store, visitorId: visitorId, clientMessageId: clientMessageId };
    if (content.text !== undefined) variables.text = content.text;
    else {
      variables.replyId = content.replyId;
      variables.replyTitle = content.replyTitle;
    }
    connection.request(SEND, variables, function (result) {
      delete pending[clientMessageId];
      var failed = result.errors && result.errors.length ? result.errors[0].message : null;
      upsert({ id: clientMessageId, author: 'visitor', pending: false, failed: failed });
    });
  }

  // ---------------------------------------------------------------------------------------------------------------
  // A minimal graphql-ws client: connection_init, subscribe, next, error, complete, ping and pong. It reconnects
  // with a growing, jittered delay, and each operation is begun again on the new connection by onReady.
  var connection = (function () {
    var socket = null;
    var operations = {};
    var sequence = 0;
    var attempt = 0;
    var retryTimer = null;
    var pingTimer = null;
    var api = { ready: false, request: request, subscribe: subscribe, connect: connect };

    function connect() {
      if (fatal) return;
      clearTimeout(retryTimer);
      socket = new WebSocket(socketUrl, 'graphql-transport-ws');
      socket.onopen = function () {
        socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      };
      socket.onmessage = function (event) {
        var message;
        try {
          message = JSON.parse(event.data);
        } catch {
          return;
        }
        var operation = message.id && operations[message.id];
        switch (message.type) {
          case 'connection_ack':
            attempt = 0;
            api.ready = true;
            pingTimer = setInterval(function () {
              socket.send(JSON.stringify({ type: 'ping' }));
            }, 25000);
            setStatus('');
            onReady();
            break;
          case 'ping':
            socket.send(JSON.stringify({ type: 'pong' }));
            break;
          case 'next':
            if (operation) operation.next(message.payload);
            break;
          case 'error':
            if (operation) {
              delete operations[message.id];
              operation.error(message.payload);
            }
            break;
          case 'complete':
            if (operation) {
              delete operations[message.id];
              if (operation.complete) operation.complete();
            }
            break;
        }
      };
      socket.onclose = function () {
        api.ready = false;
        clearInterval(pingTimer);
        operations = {};
        if (fatal) return;
        attempt += 1;
        var delay = Math.min(30000, 1000 * Math.pow(2, attempt - 1)) * (0.5 + Math.random() / 2);
        setStatus('Reconnecting…');
        retryTimer = setTimeout(connect, delay);
      };
    }

    function start(query, variables, handlers) {
      sequence += 1;
      var id = String(sequence);
      operations[id] = handlers;
      socket.send(JSON.stringify({ id: id, type: 'subscribe', payload: { query: query, variables: variables } }));
    }

    // A query or mutation: one result, or the protocol's error as a result with errors.
    function request(query, variables, done) {
      start(query, variables, {
        next: done,
        error: function (errors) {
          done({ errors: errors });
        },
      });
    }

    function subscribe(query, variables, handlers) {
      start(query, variables, handlers);
    }

    return api;
  })();

  function onReady() {
    var variables = { store: store, visitorId: visitorId };
    connection.subscribe(MESSAGES, variables, {
      next: function (result) {
        if (result.data && result.data.webchatMessages) upsert(result.data.webchatMessages);
      },
      error: stop,
    });
    connection.request(HISTORY, variables, function (result) {
      if (result.errors && result.errors.length) return stop(result.errors);
      result.data.webchatHistory.forEach(upsert);
    });
    Object.keys(pending).forEach(transmit);
  }

  // The store is unknown or this site may not open its chat: nothing a retry would change.
  function stop(errors) {
    fatal = (errors && errors[0] && errors[0].message) || 'This chat is not available.';
    setStatus(fatal);
    render();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The view, in a shadow root so that the page's styles can't reach it.
  var host = document.createElement('div');
  host.style.display = 'none';
  var shadow = host.attachShadow({ mode: 'open' });
  var stylesheet = element('link', { rel: 'stylesheet', href: new URL('/webchat/widget.css', base).href });
  stylesheet.addEventListener('load', function () {
    host.style.display = '';
  });
  var root = element('div', { class: 'root' + (pageMode ? ' page' : ''), part: 'root' });
  root.style.setProperty('--accent', SETTINGS.accentColor || '#c0392b');

  var launcher = element('button', { class: 'launcher', type: 'button', 'aria-label': 'Open chat', 'aria-expanded': 'false' }, [chatIcon()]);
  var panel = element('section', { class: 'panel', role: 'dialog', 'aria-label': title });
  var header = element('header', {}, [element('span', { class: 'title' }, title)]);
  var closeButton = element('button', { class: 'close', type: 'button', 'aria-label': 'Close chat' }, '×');
  if (!pageMode) header.appendChild(closeButton);
  var log = element('div', { class: 'log', role: 'log', 'aria-live': 'polite' });
  var status = element('div', { class: 'status', role: 'status' });
  var input = element('input', { type: 'text', name: 'message', placeholder: 'Type a message…', autocomplete: 'off', maxlength: String(MAX_TEXT), 'aria-label': 'Message' });
  var sendButton = element('button', { type: 'submit', class: 'send' }, 'Send');
  var form = element('form', { class: 'composer' }, [input, sendButton]);
  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(status);
  panel.appendChild(form);
  if (!pageMode) root.appendChild(launcher);
  root.appendChild(panel);
  shadow.appendChild(stylesheet);
  shadow.appendChild(root);

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (typeof children === 'string') node.textContent = children;
    else (children || []).forEach(function (child) {
      node.appendChild(child);
    });
    return node;
  }

  // Drawn, not an emoji: not every system has an emoji font.
  function chatIcon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '28');
    svg.setAttribute('height', '28');
    svg.setAttribute('aria-hidden', 'true');
    var bubble = document.createElementNS(ns, 'path');
    bubble.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z');
    bubble.setAttribute('fill', 'currentColor');
    svg.appendChild(bubble);
    return svg;
  }

  function safeUrl(url) {
    return typeof url === 'string' && /^https?:\/\//i.test(url) ? url : null;
  }

  // Text as text nodes, with http(s) addresses as links: a tracking link in an answer can be opened.
  function textWithLinks(text) {
    var fragment = document.createDocumentFragment();
    var pattern = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)]/g;
    var last = 0;
    var match;
    while ((match = pattern.exec(text))) {
      fragment.appendChild(document.createTextNode(text.slice(last, match.index)));
      fragment.appendChild(element('a', { href: match[0], target: '_blank', rel: 'noopener noreferrer' }, match[0]));
      last = match.index + match[0].length;
    }
    fragment.appendChild(document.createTextNode(text.slice(last)));
    return fragment;
  }

  function chip(choice, active) {
    var button = element('button', { type: 'button', class: 'chip' }, [element('span', { class: 'chip-title' }, choice.title)]);
    if (choice.description) button.appendChild(element('span', { class: 'chip-description' }, choice.description));
    if (!active) button.disabled = true;
    button.addEventListener('click', function () {
      sendMessage({ replyId: choice.id, replyTitle: choice.title });
    });
    return button;
  }

  function bubble(message, isLast) {
    var node = element('div', { class: 'message ' + message.author + (message.pending ? ' pending' : '') + (message.failed ? ' failed' : '') });
    if (message.type === 'image' && safeUrl(message.url)) node.appendChild(element('img', { src: safeUrl(message.url), alt: message.text || '' }));
    if (message.text) node.appendChild(element('div', { class: 'text' }, [textWithLinks(message.text)]));
    var choices = (message.buttons || []).concat(message.rows || []);
    if (choices.length) {
      node.appendChild(
        element(
          'div',
          { class: 'chips' },
          choices.map(function (choice) {
            return chip(choice, isLast && !fatal);
          }),
        ),
      );
    }
    if (message.type === 'payment_link' && safeUrl(message.url)) {
      node.appendChild(element('a', { class: 'pay', href: safeUrl(message.url), target: '_blank', rel: 'noopener noreferrer' }, message.label || 'Pay now'));
    }
    if (message.failed) node.appendChild(element('div', { class: 'error' }, 'Not sent: ' + message.failed));
    return node;
  }

  function render() {
    var nodes = [];
    if (SETTINGS.greeting) nodes.push(bubble({ author: 'store greeting', type: 'text', text: SETTINGS.greeting }, false));
    messages.forEach(function (message, index) {
      nodes.push(bubble(message, index === messages.length - 1));
    });
    log.replaceChildren.apply(log, nodes);
    log.scrollTop = log.scrollHeight;
    input.disabled = sendButton.disabled = Boolean(fatal);
  }

  function setStatus(text) {
    status.textContent = text;
  }

  function open(opened) {
    root.classList.toggle('open', opened);
    launcher.setAttribute('aria-expanded', String(opened));
    if (opened) {
      log.scrollTop = log.scrollHeight;
      input.focus();
    }
  }

  launcher.addEventListener('click', function () {
    open(!root.classList.contains('open'));
  });
  closeButton.addEventListener('click', function () {
    open(false);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || fatal) return;
    input.value = '';
    sendMessage({ text: text.slice(0, MAX_TEXT) });
  });

  function mount() {
    document.body.appendChild(host);
    if (pageMode) open(true);
    render();
    setStatus('Connecting…');
    connection.connect();
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
