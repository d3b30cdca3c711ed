"""One writer across every replica of a Chroma server: a lease kept in the server itself.

Replicas share no folder, so the file lock of the embedded store cannot serialise
them. The lease is one record in a small collection beside the chunks: Chroma's
``add`` keeps an existing id (insert-if-absent), so whoever's record is there
after the ``add`` holds the lock. A holder renews its lease on a thread; a holder
killed with -9 stops renewing, and once the lease has expired the next writer
deletes exactly that record (a ``where`` on its token, so two takers cannot
delete each other's) and takes it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid

from vectorstore.store_lock import StoreBusy

log = logging.getLogger(__name__)
LOCK_COLLECTION = "policyqa_locks"
LOCK_ID = "write"
LEASE_S = 30.0


def describe(meta: dict) -> str:
    """Who holds the lock, in words an operator can act on."""
    left = max(0.0, float(meta.get("expires", 0)) - time.time())
    return f"{meta.get('owner', '?')} (since {time.strftime('%H:%M:%S', time.localtime(float(meta.get('since', 0))))}, lease {left:.0f}s left)"


class LeaseLost(StoreBusy):
    """This writer's lease expired and another writer took it: nothing of this run may be published."""


class ServerLock:
    def __init__(self, client, where: str, owner: str | None = None, lease_s: float = LEASE_S) -> None:
        self.where = where
        self.owner = owner or f"{socket.gethostname()} pid {os.getpid()}"
        self.lease_s = lease_s
        self._collection = client.get_or_create_collection(LOCK_COLLECTION, embedding_function=None)
        self._token = ""
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None
        self._meta: dict = {}
        self._lost: dict | None = None

    def holder(self) -> dict | None:
        """The live lease's metadata, or None when nobody holds one (an expired lease counts as free)."""
        found = self._collection.get(ids=[LOCK_ID], include=["metadatas"])
        if not found["ids"]:
            return None
        meta = found["metadatas"][0] or {}
        return meta if float(meta.get("expires", 0)) > time.time() else None

    def check_free(self) -> None:
        """Refuse early (before a job is queued) when another process holds the lease; this one's own jobs queue."""
        meta = self.holder()
        if meta is not None and meta.get("owner") != self.owner:
            raise self._busy(meta)

    def __enter__(self) -> "ServerLock":
        self._take_expired()
        token = uuid.uuid4().hex
        now = time.time()
        meta = {"owner": self.owner, "token": token, "since": now, "expires": now + self.lease_s}
        self._collection.add(ids=[LOCK_ID], embeddings=[[0.0]], metadatas=[meta])
        found = self._collection.get(ids=[LOCK_ID], include=["metadatas"])
        current = (found["metadatas"] or [{}])[0] or {}
        if current.get("token") != token:
            raise self._busy(current)
        self._token, self._meta, self._lost = token, meta, None
        self._stop.clear()
        self._renewer = threading.Thread(target=self._renew, name="policyqa-write-lease", daemon=True)
        self._renewer.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=5)
        self._collection.delete(ids=[LOCK_ID], where={"token": self._token})
        self._token = ""

    def _take_expired(self) -> None:
        """Delete a lease whose holder stopped renewing it (killed), naming it in the log."""
        found = self._collection.get(ids=[LOCK_ID], include=["metadatas"])
        if found["ids"]:
            meta = found["metadatas"][0] or {}
            if float(meta.get("expires", 0)) <= time.time():
                log.warning("taking over the expired write lease of %s", meta.get("owner"))
                self._collection.delete(ids=[LOCK_ID], where={"token": meta.get("token", "")})

    def _current(self) -> dict | None:
        found = self._collection.get(ids=[LOCK_ID], include=["metadatas"])
        return (found["metadatas"][0] or {}) if found["ids"] else None

    def renew(self) -> bool:
        """Extend this holder's lease if the record is still this holder's; False (and the lease marked lost) if not."""
        current = self._current()
        if current is None or current.get("token") != self._token:
            self._lose(current)
            return False
        self._meta = {**self._meta, "expires": time.time() + self.lease_s}
        self._collection.update(ids=[LOCK_ID], metadatas=[self._meta])
        after = self._current()
        if after is None or after.get("token") != self._token:  # taken over between the read and the write
            self._lose(after)
            return False
        return True

    def check_held(self) -> None:
        """Raise ``LeaseLost`` unless this holder's record is still the lease and unexpired (called before publishing)."""
        if self._lost is None:
            current = self._current()
            if current is None or current.get("token") != self._token or float(current.get("expires", 0)) <= time.time():
                self._lose(current)
        if self._lost is not None:
            raise LeaseLost(f"{self.where}: this writer's lease expired and {describe(self._lost) if self._lost else 'nobody'} holds the "
                            "write lock now; nothing of this run was published", holder=self._lost.get("owner", ""))

    def _lose(self, current: dict | None) -> None:
        if self._lost is None:
            log.error("lost the write lease on %s to %s; this run will not be published", self.where, (current or {}).get("owner", "nobody"))
        self._lost = current or {}
        self._stop.set()

    def _renew(self) -> None:
        """Extend the lease every third of its length for as long as the write runs, and only while it is ours."""
        while not self._stop.wait(self.lease_s / 3):
            try:
                if not self.renew():
                    return
            except Exception:  # noqa: BLE001 - a failed renewal is retried; the lease outlives two misses
                log.warning("could not renew the write lease on %s", self.where, exc_info=True)

    def _busy(self, meta: dict) -> StoreBusy:
        return StoreBusy(f"{self.where}: another writer holds the store's write lock: {describe(meta)}; wait for it to finish", holder=meta.get("owner", ""))
