"""The officials' chat (Gradio): answers with numbered sources, filters, examples, and an admin tab."""

from __future__ import annotations

import hmac
import logging
from functools import partial
from pathlib import Path

import gradio as gr

from assistant.feedback_log import FeedbackLog
from assistant.retrieval import Filters
from assistant.web.sources_view import SOURCES_CSS, render_sources
from textkit.policyqa_error import PolicyQAError

log = logging.getLogger("policyqa.chat")

# System fonts only: the default theme would fetch Google Fonts, and the intranet has no internet.
THEME = gr.themes.Soft(font=["Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "sans-serif"], font_mono=["monospace"])
CSS = SOURCES_CSS + "footer{display:none !important}"


def _filters(region: str, doc: str, date_from: str, date_to: str) -> Filters:
    return Filters(region=region or "", doc=doc or "", date_from=(date_from or "").strip(), date_to=(date_to or "").strip())


def _doc_choices(services) -> list[tuple[str, str]]:
    return [("全部文件", "")] + [(f"{d['title'][:30]}（{d['source']}）", d["source"]) for d in services.store.documents()]


def _region_choices(services) -> list[tuple[str, str]]:
    """The places documents are about: each document's three most-mentioned, not every place it names."""
    regions = sorted({r for d in services.store.documents() for r in (d.get("regions") or [])[:3]})
    return [("全部地区", "")] + [(r, r) for r in regions]


def _respond(services, message, history, region, doc, date_from, date_to, cited):
    """Generator for the chat: show the question at once, then the answer and its sources.

    ``cited`` maps an answer's position in the history to its citations, for feedback.
    """
    history = list(history or [])
    cited = dict(cited or {})
    turns = [{"role": t["role"], "content": _plain(t["content"])} for t in history]
    history.append({"role": "user", "content": message})
    yield history, "", gr.update(), cited
    try:
        answer = None
        partial = ""
        for item in services.pipeline.stream(message, turns, None, _filters(region, doc, date_from, date_to)):
            if isinstance(item, str):
                partial += item
                yield history + [{"role": "assistant", "content": partial}], "", gr.update(), cited
            else:
                answer = item
        history.append({"role": "assistant", "content": answer.answer})
        cited[str(len(history) - 1)] = answer.to_dict().get("citations", [])
        yield history, "", render_sources(answer), cited
    except PolicyQAError as exc:
        history.append({"role": "assistant", "content": f"⚠ {exc.message_zh}"})
        yield history, "", gr.update(), cited
    except Exception:  # noqa: BLE001 - the official gets a message, the log gets the trace
        log.exception("chat request failed")
        history.append({"role": "assistant", "content": "⚠ 请求无法处理，请稍后重试"})
        yield history, "", gr.update(), cited


def _plain(content) -> str:
    """A chat message's text: Gradio 6 hands messages back as a list of parts ({"type": "text", "text": …})."""
    if isinstance(content, str):
        return content
    if isinstance(content, dict):
        return str(content.get("text") or content.get("value") or "")
    if isinstance(content, (list, tuple)):
        return "".join(_plain(part) for part in content)
    return "" if content is None else str(content)


def _feedback_handler(settings):
    """A plain function whose annotations are the real classes: Gradio finds the LikeData and Request
    it injects by resolving type hints, which neither a ``partial`` nor a string annotation gives it."""

    def on_like(data, history, cited, request=None) -> None:
        _feedback(settings, data, history, cited, request)

    on_like.__annotations__ = {"data": gr.LikeData, "request": gr.Request, "return": None}
    return on_like


def _feedback(settings, data: gr.LikeData, history, cited, request: gr.Request | None = None) -> None:
    """👍/👎 on an answer: logged with its question, answer, citations and the user id the widget sent."""
    if data.liked not in (True, False):
        return
    index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    history = list(history or [])
    question = next((_plain(t["content"]) for t in reversed(history[:index]) if t.get("role") == "user"), "")
    user = ""
    if request is not None:
        user = request.headers.get("x-policyqa-user") or dict(request.query_params).get("user", "")
    FeedbackLog.for_settings(settings).append("up" if data.liked else "down", question, _plain(history[index]["content"]),
                                       (cited or {}).get(str(index), []), user)


def _admin_ok(settings, token: str) -> bool:
    return bool(settings.admin_token) and hmac.compare_digest((token or "").encode(), settings.admin_token.encode())


def _docs_table(services) -> list[list]:
    return [[d["source"], d["title"], d["issuer"], d["date"], d["doc_number"], d["chunks"], d["doc_id"]] for d in services.store.documents()]


def _choices(services) -> tuple:
    """Fresh filter choices for the chat tab (after an upload, or when a page loads after a CLI ingest)."""
    return gr.update(choices=_region_choices(services)), gr.update(choices=_doc_choices(services))


def _job_line(job: dict) -> str:
    progress = job["progress"]
    if job["status"] == "done":
        result = job["result"] or {}
        return f"{job['description']}：已入库，{result.get('chunks', 0)} 个段落" if result.get("chunks") or result.get("added") or result.get("updated") else f"{job['description']}：内容未变化"
    if job["status"] == "failed":
        return f"{job['description']}：失败（{job['error']['message_zh']}）"
    if job["status"] == "queued":
        return f"{job['description']}：排队中"
    stage = {"files": "解析", "commit": "更新索引"}.get(progress["stage"], "处理")
    return f"{job['description']}：{stage}中（{progress['done']}/{progress['total']}）"


def _submit_upload(services, settings, path: Path) -> dict:
    from assistant.web.api import _ingest_result

    indexer = services.indexer(progress=False)
    data, name = path.read_bytes(), path.name
    return services.jobs.submit("upload", name, lambda progress: _ingest_result(indexer.ingest_bytes(name, data, settings.store / "uploads", progress)))


def _upload(services, settings, token, files, progress=gr.Progress()):
    """Each file becomes an ingest job; the status box follows the jobs until they end."""
    if not _admin_ok(settings, token):
        yield "令牌错误或未配置管理令牌。", gr.update(), gr.update(), gr.update()
        return
    try:
        jobs = [_submit_upload(services, settings, Path(f if isinstance(f, str) else f.name)) for f in files or []]
    except PolicyQAError as exc:
        yield f"无法入库：{exc.message_zh}", gr.update(), gr.update(), gr.update()
        return
    if not jobs:
        yield "未选择文件。", gr.update(), gr.update(), gr.update()
        return
    while True:
        states = [services.jobs.wait(j["id"], 0.5) for j in jobs]
        finished = sum(s["status"] in ("done", "failed") for s in states)
        progress((finished, len(states)), desc="入库中")
        if finished == len(states):
            break
        yield "\n".join(map(_job_line, states)), gr.update(), gr.update(), gr.update()
    yield ("\n".join(map(_job_line, states)), _docs_table(services), *_choices(services))


def _delete(services, settings, token, doc_id):
    if not _admin_ok(settings, token):
        return "令牌错误或未配置管理令牌。", gr.update(), gr.update(), gr.update()
    try:
        record = services.indexer(progress=False).remove((doc_id or "").strip())
    except PolicyQAError as exc:
        return f"删除失败：{exc.message_zh}", gr.update(), gr.update(), gr.update()
    return (f"已删除：{record['source']}" if record else "未找到该文档编号。"), _docs_table(services), *_choices(services)


def _reindex(services, settings, token):
    """Re-index runs as a job too; the status box follows it."""
    if not _admin_ok(settings, token):
        yield "令牌错误或未配置管理令牌。", gr.update(), gr.update(), gr.update()
        return
    try:
        indexer = services.indexer(progress=False)
    except PolicyQAError as exc:
        yield f"重建失败：{exc.message_zh}", gr.update(), gr.update(), gr.update()
        return
    paths = [Path(d["path"]) for d in services.store.documents()]

    def work(progress):
        report = indexer.ingest(paths, prune=True, on_progress=progress)
        return {"updated": len(report.updated), "unchanged": len(report.unchanged), "removed": len(report.removed)}

    job = services.jobs.submit("reindex", "重建索引", work)
    while (state := services.jobs.wait(job["id"], 0.5))["status"] not in ("done", "failed"):
        yield _job_line(state), gr.update(), gr.update(), gr.update()
    if state["status"] == "failed":
        yield f"重建失败：{state['error']['message_zh']}", gr.update(), gr.update(), gr.update()
        return
    r = state["result"]
    yield f"重建完成：更新 {r['updated']}，未变 {r['unchanged']}，移除 {r['removed']}。", _docs_table(services), *_choices(services)


def build_chat(services, settings) -> gr.Blocks:
    with gr.Blocks(title="政策问答") as demo:
        gr.Markdown("## 政策问答\n依据政策文件原文作答，每句答案标注来源，可展开核对。")
        with gr.Tab("问答"):
            region, doc = _chat_tab(services, settings)
        with gr.Tab("知识库管理"):
            _admin_tab(services, settings, region, doc)
        demo.load(lambda: _choices(services), None, [region, doc], api_visibility="private")
    return demo


def _chat_tab(services, settings):
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label="对话", height=460, render_markdown=False, buttons=["copy"], elem_id="pq-chat", feedback_options=("Like", "Dislike"))
            examples = list(services.settings.examples)
            hint = f"请输入问题，例如：{examples[0]}" if examples else "请输入问题"
            box = gr.Textbox(label="问题", placeholder=hint, elem_id="pq-input", max_length=2000)
            with gr.Row():
                send = gr.Button("提问", variant="primary", elem_id="pq-send")
                clear = gr.Button("清空对话", elem_id="pq-clear")
            if examples:
                gr.Examples(examples, inputs=box, label="示例问题")
        with gr.Column(scale=2):
            sources = gr.HTML(render_sources(None), label="引用来源", elem_id="pq-sources")
            with gr.Accordion("筛选", open=False):
                region = gr.Dropdown(_region_choices(services), value="", label="地区")
                doc = gr.Dropdown(_doc_choices(services), value="", label="文件")
                date_from = gr.Textbox(label="起始日期（如 2023、2023-06 或 2023-01-01）")
                date_to = gr.Textbox(label="截止日期")
    cited = gr.State({})
    inputs = [box, chatbot, region, doc, date_from, date_to, cited]
    outputs = [chatbot, box, sources, cited]
    respond = partial(_respond, services)
    box.submit(respond, inputs, outputs, api_visibility="private")
    send.click(respond, inputs, outputs, api_visibility="private")
    clear.click(lambda: ([], "", render_sources(None), {}), None, outputs, api_visibility="private")
    chatbot.like(_feedback_handler(settings), [chatbot, cited], None, api_visibility="private")

    def ask(question: str, history: list[dict] | None = None) -> dict:
        """Scripts: the same JSON as POST /api/v1/ask (gradio_client: api_name="/ask")."""
        return services.pipeline.ask(question, history or []).to_dict()

    gr.api(ask, api_name="ask")
    return region, doc


def _admin_tab(services, settings, region, doc) -> None:
    gr.Markdown("上传、删除文档或重建索引需要管理令牌（设置 POLICYQA_ADMIN_TOKEN）。上传和重建在后台执行，下方显示进度和结果。")
    token = gr.Textbox(label="管理令牌", type="password")
    table = gr.Dataframe(_docs_table(services), headers=["文件", "标题", "发布机构", "日期", "文号", "段落数", "文档编号"], interactive=False)
    with gr.Row():
        files = gr.File(label="上传文件（txt/md/html/docx/pdf）", file_count="multiple")
        upload = gr.Button("上传并入库", variant="primary")
    with gr.Row():
        doc_id = gr.Textbox(label="要删除的文档编号")
        delete = gr.Button("删除", variant="stop")
        reindex = gr.Button("重建索引")
    status = gr.Textbox(label="结果", lines=3, interactive=False)
    outputs = [status, table, region, doc]
    upload.click(lambda t, f, progress=gr.Progress(): (yield from _upload(services, settings, t, f, progress)), [token, files], outputs, api_visibility="private")
    delete.click(lambda t, d: _delete(services, settings, t, d), [token, doc_id], outputs, api_visibility="private")
    reindex.click(lambda t: (yield from _reindex(services, settings, t)), [token], outputs, api_visibility="private")
