"""Calling pyHanko: off any running event loop, and with what it raises turned into one-line
SigningErrors."""

import asyncio
import zlib
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from lxml import etree
from pyhanko.pdf_utils.misc import FormFillingError, PdfError
from pyhanko.sign.general import SigningError as PyHankoSigningError
from pyhanko.sign.timestamps import TimestampRequestError
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.errors import ValidationError as CertValidationError

from videoacta.core.eni import XMP_NAMESPACE, XMP_PREFIX
from videoacta.errors import SigningError
from videoacta.signing.signers import TimeStampServer

T = TypeVar("T")

# pyHanko rewrites the XMP in every revision it writes, through lxml, which names a namespace it
# has no prefix for ns0, ns1…: registered, the ENI metadata keep the prefix their PDF/A
# extension schema declares (lxml's registry is the process's: pyHanko registers its own so).
etree.register_namespace(XMP_PREFIX, XMP_NAMESPACE)

# What pyHanko raises reading a malformed or hostile PDF: its own errors (FormFillingError and
# SignatureValidationError are ValueErrors), and what its unchecked reads of objects of the
# wrong type raise (a number where a dictionary or an array is expected), and a damaged
# compressed stream (zlib.error: the acta's object streams).
READ_ERRORS = (
    PdfError, FormFillingError, SignatureValidationError,
    ValueError, KeyError, TypeError, AttributeError, zlib.error,
)  # fmt: skip


def off_event_loop(call: Callable[[], T]) -> T:
    """Run a pyHanko call, whose sync API starts its own event loop, off any running loop.

    Called from a thread that runs a loop already (an async application, a notebook, a sync
    browser driver in the same test run), `asyncio.run` refuses; a worker thread has none.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def run_coroutine(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run one of pyHanko's coroutines (made by `make`) to its end, off any running loop."""
    return off_event_loop(lambda: asyncio.run(make()))


@contextmanager
def pyhanko_errors(path: Path, *, tsa: TimeStampServer | None = None) -> Iterator[None]:
    """Turn what pyHanko, the certificate validator and PKCS#11 raise into a SigningError."""
    try:
        yield
    except TimestampRequestError as error:
        url = tsa.url if tsa else ""
        raise SigningError(f"time-stamp server {url}: {_http_reason(error)}") from None
    except (PathBuildingError, PathValidationError, CertValidationError) as error:
        raise SigningError(f"the signer's certificate is not valid: {one_line(error)}") from None
    except PdfError as error:
        raise SigningError(f"{path}: {one_line(error)}") from None
    except PyHankoSigningError as error:
        raise SigningError(f"{path}: {one_line(error)}") from None
    except Exception as error:
        if type(error).__module__.startswith("pkcs11"):
            raise SigningError(f"PKCS#11 token: {one_line(error)}") from None
        raise


@contextmanager
def document_read(path: Path) -> Iterator[None]:
    """Turn what pyHanko raises reading or writing the document at `path` into a one-line
    SigningError (`PATH: cannot be signed: …`). Wrap only calls into pyHanko: a bug in
    videoacta's own code must propagate. pyHanko's own SigningError (a ValueError: the field
    cannot take this signature) keeps its words, through `pyhanko_errors`."""
    try:
        yield
    except PyHankoSigningError:
        raise
    except READ_ERRORS as error:
        raise SigningError(f"{path}: cannot be signed: {one_line(error)}") from None


def _http_reason(error: TimestampRequestError) -> str:
    cause = error.__cause__
    status, message = getattr(cause, "status", None), getattr(cause, "message", None)
    if isinstance(status, int):
        return f"HTTP {status} {message or ''}".rstrip()
    return one_line(cause) if cause is not None else one_line(error)


def one_line(error: BaseException) -> str:
    """The error's message and its causes', joined on one line without repeats."""
    parts: list[str] = []
    current: BaseException | None = error
    while current is not None and len(parts) < 4:
        text = " ".join(_message(current).split())
        if text and text not in parts:
            parts.append(text)
        current = current.__cause__
    return ": ".join(parts) or type(error).__name__


def _message(error: BaseException) -> str:
    message: Any = getattr(error, "failure_message", None) or str(error)
    return str(message).rstrip(".")


def sign_raw(signer: Any, data: bytes, digest_algorithm: str) -> bytes:
    """The raw signature of `data` by a pyHanko signer (a PKCS#12 key or a PKCS#11 token), as
    another signature format (the ENI index's XAdES) needs it."""
    signature: bytes = off_event_loop(
        lambda: asyncio.run(signer.async_sign_raw(data, digest_algorithm))
    )
    return signature


def validate_certificate(cert: Any, context: Any) -> None:
    """Validate a certificate (asn1crypto) against a pyhanko-certvalidator context, for any
    usage; what the validator raises propagates (PathBuildingError, PathValidationError…)."""
    from pyhanko_certvalidator import CertificateValidator

    validator = CertificateValidator(cert, validation_context=context)
    off_event_loop(lambda: asyncio.run(validator.async_validate_usage(set())))  # type: ignore[no-untyped-call]
