#!/usr/bin/env python3
"""Writes the demo portal's document attachments (content/van-ban/*.pdf):
one-page PDFs that say they are placeholders, not the documents
themselves. Run from the repository root: python3 scripts/demo_pdfs.py

Plain PDF 1.4 written by hand (no dependency); the text is ASCII so the
standard Helvetica font shows it without embedding a font.
"""

from pathlib import Path

DOCS = {
    "80-HD-BDVTW.pdf": [
        "Huong dan so 80-HD/BDVTW, ngay 28/02/2012",
        "Ban Dan van Trung uong",
        "Ve viec thanh lap va hoat dong cua To dan van",
    ],
    "1581-TB-TU.pdf": [
        "Thong bao ket luan so 1581-TB/TU, ngay 08/07/2015",
        "Ban Thuong vu Tinh uy Hai Duong",
        "Ve viec thanh lap To dan van o thon, khu dan cu",
    ],
    "865-TB-TU.pdf": [
        "Thong bao ket luan so 865-TB/TU, ngay 13/08/2013",
        "Tinh uy Lai Chau",
        "Ve duy tri va nhan rong To dan van o thon, ban",
    ],
}

NOTE = [
    "",
    "kheo demo portal - placeholder attachment.",
    "This file is NOT the original document. It stands in for the",
    "scanned document a real portal would attach here.",
]


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(lines: list[str]) -> bytes:
    stream_lines = ["BT", "/F1 13 Tf", "72 760 Td", "18 TL"]
    for line in lines + NOTE:
        stream_lines.append(f"({escape(line)}) Tj T*")
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n".encode()
    out += b"0000000000 65535 f \n"
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def main() -> None:
    folder = Path("content/van-ban")
    folder.mkdir(parents=True, exist_ok=True)
    for name, lines in DOCS.items():
        (folder / name).write_bytes(pdf(lines))


if __name__ == "__main__":
    main()
