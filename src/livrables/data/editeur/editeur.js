// The preview's « Éditer » pages: the form (json-editor), the Markdown pane and its palette,
// « Enregistrer » and « Enregistrer une version ». Everything goes to the preview's own address
// with the session's token in a header (a page elsewhere can neither read nor send it).
(function () {
  "use strict";
  var session = JSON.parse(document.getElementById("session").textContent);

  function send(path, payload) {
    return fetch(path, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-Livrables-Jeton": session.jeton },
      body: JSON.stringify(payload),
    }).then(function (response) {
      return response.json().then(function (answer) {
        answer.ok = response.ok;
        return answer;
      });
    });
  }

  function say(element, text, details) {
    element.textContent = text;
    if (details && details.length) {
      element.textContent += " " + details.join(" ; ");
    }
  }

  var version = document.getElementById("version");
  if (version) {
    version.addEventListener("submit", function (event) {
      event.preventDefault();
      var state = document.getElementById("version-etat");
      say(state, "Vérification de la mission…");
      var field = document.getElementById("version-message");
      send("/_livrables/version", { message: field.value }).then(function (answer) {
        say(state, answer.message, answer.details);
        if (answer.ok) {
          field.value = "";
        }
      });
    });
  }

  var data = document.getElementById("donnees");
  if (!data || typeof JSONEditor === "undefined") {
    return;
  }
  var config = JSON.parse(data.textContent);
  JSONEditor.defaults.language = "fr";
  var editor = new JSONEditor(document.getElementById("formulaire"), {
    schema: config.schema,
    startval: config.valeurs,
    theme: "html",
    disable_edit_json: true,
    disable_properties: true,
    disable_array_delete_all_rows: true,
    disable_array_delete_last_row: true,
    prompt_before_delete: false,
    show_opt_in: true,
    no_additional_properties: true,
    show_errors: "interaction",
  });
  var outside = config.messages || [];

  function showMessages(list) {
    var ul = document.getElementById("messages");
    ul.textContent = "";
    list.forEach(function (item) {
      var li = document.createElement("li");
      li.textContent = item.texte || item.message;
      ul.appendChild(li);
    });
  }

  function mark() {
    var own = editor.validate();
    editor.showValidationErrors(own.concat(outside.filter(function (m) {
      return m.path && m.path !== "root";
    })));
  }
  // json-editor names its opt-in boxes by their path: a screen reader would read that
  function labels() {
    document.querySelectorAll("input.json-editor-opt-in").forEach(function (box) {
      var hidden = document.querySelector('label[for="' + CSS.escape(box.id) + '"]');
      var field = box.closest("label");
      if (!hidden || hidden.textContent.indexOf("Renseigner") === 0) {
        return;
      }
      var name = field ? field.textContent.replace(hidden.textContent, "").trim() : "ce champ";
      {
        hidden.textContent = "Renseigner « " + name + " »";
      }
    });
  }
  editor.on("ready", function () { labels(); mark(); });
  editor.on("change", labels);
  editor.on("change", mark);

  var body = document.getElementById("corps");
  document.querySelectorAll("[data-bloc]").forEach(function (button) {
    button.addEventListener("click", function () {
      var snippet = button.getAttribute("data-bloc");
      var start = body.selectionStart;
      var before = body.value.slice(0, start);
      var gap = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
      body.value = before + gap + snippet + "\n" + body.value.slice(body.selectionEnd);
      body.focus();
      body.selectionStart = body.selectionEnd = (before + gap + snippet).length;
    });
  });

  document.getElementById("enregistrer").addEventListener("click", function () {
    var state = document.getElementById("etat");
    say(state, "Enregistrement…");
    var payload = { fichier: config.fichier, donnees: editor.getValue() };
    if (body) {
      payload.corps = body.value;
    }
    send("/_livrables/enregistrer", payload).then(function (answer) {
      say(state, answer.message);
      outside = answer.erreurs || answer.messages || [];
      showMessages(outside.map(function (m) {
        return { texte: m.texte || (m.path + " : " + m.message) };
      }));
      mark();
    });
  });
})();
