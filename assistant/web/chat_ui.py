"""The officials' chat (Gradio): answers with numbered sources, filters, examples, and an admin tab."""

from __future__ import annotations

import hmac
from functools import partial
from pathlib import Path

import gradio as gr

from assistant.retrieval import Filters
from assistant.web.sources_view import SOURCES_CSS, render_sources
from vectorstore.store_lock import StoreBusy

# System fonts only: the default theme would fetch Google Fonts, and the intranet has no internet.
THEME = gr.themes.Soft(font=["Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "sans-serif"], font_mono=["monospace"])
CSS = SOURCES_CSS + "footer{display:none !important}"


def _filters(region: str, doc: str, date_from: str, date_to: str) -> Filters:
    return Filters(region=region or "", doc=doc or "", date_from=(date_from or "").strip(), date_to=(date_to or "").strip())


def _doc_choices(services) -> list[tuple[str, str]]:
    return [("全部文件", "")] + [(f"{d['title'][:30]}（{d['source']}）", d["source"]) for d in services.store.documents()]


def _region_choices(services) -> list[tuple[str, str]]:
    regions = sorted({r for d in services.store.documents() for r in d.get("regions", [])})
    return [("全部地区", "")] + [(r, r) for r in regions]


def _respond(services, message, history, region, doc, date_from, date_to):
    """Generator for the chat: show the question at once, then the answer and its sources."""
    history = list(history or [])
    turns = [{"role": t["role"], "content": _plain(t["content"])} for t in history]
    history.append({"role": "user", "content": message})
    yield history, "", gr.update()
    try:
        answer = None
        partial = ""
        for item in services.pipeline.stream(message, turns, None, _filters(region, doc, date_from, date_to)):
            if isinstance(item, str):
                partial += item
                yield history + [{"role": "assistant", "content": partial}], "", gr.update()
            else:
                answer = item
        history.append({"role": "assistant", "content": answer.answer})
        yield history, "", render_sources(answer)
    except ValueError as exc:
        history.append({"role": "assistant", "content": f"⚠ {_zh_error(str(exc))}"})
        yield history, "", gr.update()


def _plain(content) -> str:
    return content if isinstance(content, str) else str(content)


def _zh_error(text: str) -> str:
    if text.startswith("question"):
        return text.split(":", 1)[1].split("(")[0].strip()
    if "filter" in text:
        return "筛选条件无效，请检查日期格式（如 2023-01-01）"
    return "请求无法处理，请修改后重试"


def _admin_ok(settings, token: str) -> bool:
    return bool(settings.admin_token) and hmac.compare_digest((token or "").encode(), settings.admin_token.encode())


def _docs_table(services) -> list[list]:
    return [[d["source"], d["title"], d["issuer"], d["date"], d["doc_number"], d["chunks"], d["doc_id"]] for d in services.store.documents()]


def _upload(services, settings, token, files, progress=gr.Progress()):
    if not _admin_ok(settings, token):
        return "令牌错误或未配置管理令牌。", gr.update()
    lines = []
    for i, f in enumerate(files or []):
        progress((i, len(files)), desc="入库中")
        path = Path(f if isinstance(f, str) else f.name)
        try:
            report = services.indexer(progress=False).ingest_bytes(path.name, path.read_bytes(), settings.store / "uploads")
        except StoreBusy:
            lines.append(f"{path.name}：知识库正在更新，请稍后再试")
            continue
        status = f"跳过（{report.skipped[0]['reason']}）" if report.skipped else f"已入库，{report.chunks} 个段落"
        lines.append(f"{path.name}：{status}")
    return "\n".join(lines) or "未选择文件。", _docs_table(services)


def _delete(services, settings, token, doc_id):
    if not _admin_ok(settings, token):
        return "令牌错误或未配置管理令牌。", gr.update()
    record = services.indexer(progress=False).remove((doc_id or "").strip())
    return (f"已删除：{record['source']}" if record else "未找到该文档编号。"), _docs_table(services)


def _reindex(services, settings, token):
    if not _admin_ok(settings, token):
        return "令牌错误或未配置管理令牌。", gr.update()
    paths = [Path(d["path"]) for d in services.store.documents()]
    report = services.indexer(progress=False).ingest(paths, prune=True)
    return f"重建完成：更新 {len(report.updated)}，未变 {len(report.unchanged)}，移除 {len(report.removed)}。", _docs_table(services)


def build_chat(services, settings) -> gr.Blocks:
    with gr.Blocks(title="政策问答") as demo:
        gr.Markdown("## 政策问答\n依据政策文件原文作答，每句答案标注来源，可展开核对。")
        with gr.Tab("问答"):
            _chat_tab(services)
        with gr.Tab("知识库管理"):
            _admin_tab(services, settings)
    return demo


def _chat_tab(services) -> None:
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label="对话", height=460, render_markdown=False, buttons=["copy"], elem_id="pq-chat", feedback_options=None)
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
                date_from = gr.Textbox(label="起始日期（如 2023-01-01）")
                date_to = gr.Textbox(label="截止日期")
    inputs = [box, chatbot, region, doc, date_from, date_to]
    respond = partial(_respond, services)
    box.submit(respond, inputs, [chatbot, box, sources], api_visibility="private")
    send.click(respond, inputs, [chatbot, box, sources], api_visibility="private")
    clear.click(lambda: ([], "", render_sources(None)), None, [chatbot, box, sources], api_visibility="private")

    def ask(question: str, history: list[dict] | None = None) -> dict:
        """Scripts: the same JSON as POST /api/v1/ask (gradio_client: api_name="/ask")."""
        return services.pipeline.ask(question, history or []).to_dict()

    gr.api(ask, api_name="ask")


def _admin_tab(services, settings) -> None:
    gr.Markdown("上传、删除文档或重建索引需要管理令牌（设置 POLICYQA_ADMIN_TOKEN）。")
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
    upload.click(lambda t, f, progress=gr.Progress(): _upload(services, settings, t, f, progress), [token, files], [status, table], api_visibility="private")
    delete.click(lambda t, d: _delete(services, settings, t, d), [token, doc_id], [status, table], api_visibility="private")
    reindex.click(lambda t: _reindex(services, settings, t), [token], [status, table], api_visibility="private")
