"""The benchmark corpus: text of a wanted size built from ../shared/corpus (its english, multilingual and code
files in path order, each ending in a newline, repeated until the size is reached), shared by the benchmark
scripts of this folder so that equal sizes give byte-identical corpora."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared"))


def build_corpus(path, target_bytes, folders=("english", "multilingual", "code")):
    """Writes the corpus of `folders` (of ../shared/corpus) to `path`, stopping after the file that reaches
    `target_bytes`; with `target_bytes` 0, every file once. Returns (bytes written, number of source files)."""
    sources = []
    for folder in folders:
        directory = os.path.join(SHARED, "corpus", folder)
        sources += [os.path.join(directory, name) for name in sorted(os.listdir(directory))]
    written = 0
    with open(path, "wb") as out:
        while True:
            for source in sources:
                with open(source, "rb") as f:
                    data = f.read()
                if not data.endswith(b"\n"):
                    data += b"\n"
                out.write(data)
                written += len(data)
                if target_bytes and written >= target_bytes:
                    break
            if written >= target_bytes:
                break
    return written, len(sources)
