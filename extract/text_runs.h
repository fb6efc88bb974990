// Cheaper Gumbo parses of feed fragments: Gumbo spends most of its time on
// text, character by character, while the tree it builds depends only on the
// markup and on whether each text run is whitespace. SqueezeTextRuns swaps
// each long run of plain text between two tags for one private-use
// character (U+E000 + index) before the parse; ExpandTextRuns puts the runs
// back, whitespace collapsed as TextBuilder would have, into the rendered
// text. Same tree shape, same text, a fraction of the characters.
//
// The squeeze refuses (returns false: parse the fragment as it is) whatever
// it does not model exactly: comments, doctypes, CDATA, processing
// instructions, a '<' that opens no tag, unusual characters in tag or
// attribute names, raw-text and preformatted elements (script, style,
// textarea, title, pre, listing, plaintext, xmp, iframe, noembed, noframes,
// noscript, template, svg, math), NUL, and private-use characters
// U+E000..U+EFFF in the input. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsd {

struct SqueezedHtml {
  std::string html;                    // the fragment with runs swapped out
  std::vector<std::string_view> runs;  // run i (into the input) is U+E000 + i
};

// True when `s` has a character Gumbo's input stream rewrites: NUL (dropped
// in text), CR (read as LF), other C0 controls but tab/LF/FF, DEL, C1
// controls and noncharacters (read as U+FFFD).
bool HasCharGumboRewrites(std::string_view s);

// Squeezes `html` (valid UTF-8) into `out`. False when the fragment has
// something the squeeze does not handle, or no run worth swapping.
bool SqueezeTextRuns(std::string_view html, SqueezedHtml& out);

// `text` (rendered from the squeezed document, not preformatted) with every
// U+E000 + i replaced by runs[i], ASCII whitespace runs collapsed to a space.
std::string ExpandTextRuns(std::string_view text, const std::vector<std::string_view>& runs);

}  // namespace newsd
