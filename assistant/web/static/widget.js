/* PolicyQA widget: one <script> line adds a floating button that opens the chat in a panel.
   <script src="https://host/policyqa/widget.js" data-title="政策问答" data-question="…" data-user="…"></script>
   Optional: data-z-index, data-position ("right" | "left"), data-open ("true"). */
(function () {
  var script = document.currentScript;
  if (!script || window.__policyqaWidget) return;
  window.__policyqaWidget = true;
  var base = script.src.replace(/\/widget\.js(\?.*)?$/, "");
  var title = script.getAttribute("data-title") || "政策问答";
  var question = script.getAttribute("data-question") || "";
  var user = script.getAttribute("data-user") || "";
  var z = parseInt(script.getAttribute("data-z-index") || "2147483000", 10);
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";

  var button = document.createElement("button");
  button.type = "button";
  button.id = "policyqa-widget-button";
  button.setAttribute("aria-label", title);
  button.textContent = title;
  button.style.cssText = "position:fixed;bottom:24px;" + side + ":24px;z-index:" + z +
    ";padding:12px 18px;border:none;border-radius:24px;background:#1d4ed8;color:#fff;font-size:15px;" +
    "box-shadow:0 4px 14px rgba(0,0,0,.25);cursor:pointer;font-family:inherit";

  var panel = document.createElement("div");
  panel.id = "policyqa-widget-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", title);
  panel.style.cssText = "position:fixed;bottom:84px;" + side + ":24px;z-index:" + z +
    ";width:min(420px,calc(100vw - 48px));height:min(620px,calc(100vh - 120px));display:none;" +
    "border-radius:12px;overflow:hidden;box-shadow:0 8px 30px rgba(0,0,0,.3);background:#fff";

  var frame = document.createElement("iframe");
  frame.id = "policyqa-widget-frame";
  frame.title = title;
  frame.style.cssText = "width:100%;height:100%;border:0";
  var params = "?title=" + encodeURIComponent(title) + "&q=" + encodeURIComponent(question) + "&user=" + encodeURIComponent(user);
  var loaded = false;

  button.addEventListener("click", function () {
    var open = panel.style.display !== "none";
    panel.style.display = open ? "none" : "block";
    if (!open && !loaded) { frame.src = base + "/embed" + params; loaded = true; }
  });
  panel.appendChild(frame);
  document.body.appendChild(panel);
  document.body.appendChild(button);
  if (script.getAttribute("data-open") === "true") button.click();
})();
