"""What the project scripts beside this file share: their output lines, and one file tree
written and read back through a pathlib-like S3 path (cloudpathlib's and s3path's)."""


def show(label, value):
    print(f"{label}: {value!r}")


def attempt(label, action):
    """``action()``'s value, or its exception as (class name, message)."""
    try:
        show(label, action())
    except Exception as error:
        show(label, (type(error).__name__, str(error)))


def write_and_read_tree(root):
    """Write a small tree under ``root``, show what reads back; the stat of its largest
    text file, for the caller to show what its project adds to it."""
    (root / "docs" / "readme.md").write_text("# title\n\nbody é\n")
    (root / "docs" / "guide" / "one.txt").write_text("one")
    (root / "docs" / "guide" / "two.txt").write_text("two" * 1000)
    (root / "bin" / "blob.dat").write_bytes(bytes(range(256)) * 64)
    with (root / "logs" / "app.log").open("w") as out:
        for n in range(500):
            out.write(f"{n:04d} event\n")
    show("read_text", (root / "docs" / "readme.md").read_text())
    show("read_bytes", (root / "bin" / "blob.dat").read_bytes()[250:260])
    with (root / "logs" / "app.log").open() as f:
        show("lines", (f.readline(), sum(1 for _ in f)))
    for name in ("docs", "docs/readme.md", "docs/guide", "nothing", "docs/read"):
        p = root / name
        show(f"exists/is_dir/is_file {name}", (p.exists(), p.is_dir(), p.is_file()))
    return (root / "docs" / "guide" / "two.txt").stat()
