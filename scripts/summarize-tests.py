#!/usr/bin/env python3
"""Adds up the JUnit XML reports in a folder and prints one closing line,
'mx tests: N passed, N failed, N skipped'. Exits 1 if a test failed or no
test ran at all."""

import pathlib
import sys
import xml.etree.ElementTree as ET


def main() -> int:
    folder = pathlib.Path(sys.argv[1])
    passed = failed = skipped = 0
    for report in sorted(folder.glob("*.xml")):
        for case in ET.parse(report).getroot().iter("testcase"):
            if case.find("failure") is not None or case.find("error") is not None:
                failed += 1
            elif case.find("skipped") is not None:
                skipped += 1
            else:
                passed += 1
    print(f"mx tests: {passed} passed, {failed} failed, {skipped} skipped")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
