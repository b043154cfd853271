#!/usr/bin/env python3
"""Writes the word lists of the false-reading guard (tests/false_readings.rs).

The lists are the 20,000 most frequent words of Arabic and of English in the `wordfreq`
package (Robyn Speer et al.; the word frequency data is licensed CC BY-SA 4.0, the code
Apache-2.0). Run once, by hand, and commit the output with its licence note:

    pip install wordfreq==3.1.1
    python3 scripts/wordfreq_fixture.py tests/data/wordfreq

One word a line, most frequent first, in the spelling wordfreq gives (lowercased, Arabic
without tashkeel). Words with no letter are left out (digits are numbers on purpose), and so
are words with a 0: wordfreq writes every digit of a multi-digit run as 0 (`a00`), so these are
not words anyone writes.
"""
import os
import sys

import wordfreq

N = 20000


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/data/wordfreq"
    os.makedirs(out, exist_ok=True)
    for lang in ("ar", "en"):
        words = [w for w in wordfreq.top_n_list(lang, N) if any(c.isalpha() for c in w) and "0" not in w]
        with open(os.path.join(out, lang + ".txt"), "w", encoding="utf-8") as f:
            for w in words:
                f.write(w + "\n")
        print(lang, len(words))


if __name__ == "__main__":
    main()
