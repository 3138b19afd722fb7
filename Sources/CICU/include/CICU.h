// A thin C shim over ICU (Debian's libicu-dev). The header deliberately uses only stdint types and
// opaque pointers: Swift must never import ICU's own headers, which clash with Foundation's bundled ICU.
#ifndef CICU_H
#define CICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Normalization forms, in the order of `cicu_normalize`'s `form` argument.
enum { CICU_NFC = 0, CICU_NFD = 1, CICU_NFKC = 2, CICU_NFKD = 3 };

/// Normalizes `length` code points of `source` into `destination` (capacity `capacity` code points).
/// Returns the number of code points of the result (which may exceed `capacity`: call again with more
/// room), or -1 on an ICU error.
int32_t cicu_normalize(int32_t form, const uint32_t *source, int32_t length, uint32_t *destination, int32_t capacity);

/// 1 when the code points are already in the normalization form, 0 when not, -1 on an ICU error.
int32_t cicu_is_normalized(int32_t form, const uint32_t *source, int32_t length);

/// 1 when the form has a normalization boundary before the code point (it never interacts with what precedes it).
int32_t cicu_has_boundary_before(int32_t form, uint32_t codePoint);

/// The canonical combining class of a code point.
uint8_t cicu_combining_class(uint32_t codePoint);

/// ICU's general category (UCharCategory) of a code point.
int32_t cicu_general_category(uint32_t codePoint);

/// Binary properties by our own numbering (ICU's UProperty values are not exposed).
enum { CICU_WHITE_SPACE = 0, CICU_ALPHABETIC = 1, CICU_LOWERCASE = 2, CICU_UPPERCASE = 3 };
int32_t cicu_has_property(uint32_t codePoint, int32_t property);

/// Full (multi-character) lowercase / uppercase mapping of one code point under the root locale.
/// Writes up to `capacity` code points; returns how many the mapping has.
int32_t cicu_lowercase(uint32_t codePoint, uint32_t *destination, int32_t capacity);
int32_t cicu_uppercase(uint32_t codePoint, uint32_t *destination, int32_t capacity);

/// A compiled regular expression (ICU uregex). Not thread-safe: clone one per thread.
typedef struct CICURegex CICURegex;

/// Compiles a UTF-8 pattern. On failure returns NULL and writes a message into `error` (capacity `errorCapacity`).
CICURegex *cicu_regex_open(const uint8_t *pattern, int32_t length, char *error, int32_t errorCapacity);
CICURegex *cicu_regex_clone(const CICURegex *regex);
void cicu_regex_close(CICURegex *regex);

/// Sets the UTF-8 text to search (the buffer must stay alive while searching) and resets the search, with a
/// budget of saved backtrack states linear in `length` for all the finds that follow. Returns 0, or -1 on error.
int32_t cicu_regex_set_text(CICURegex *regex, const uint8_t *text, int64_t length);

/// Finds the next match; writes its UTF-8 byte range. Returns 1 on a match, 0 when there is none, -2 when the
/// step budget is spent (catastrophic backtracking), -1 on another error.
int32_t cicu_regex_find_next(CICURegex *regex, int64_t *start, int64_t *end);

/// A failed search, noted per thread so that non-throwing match functions can report it to the encode that
/// called them: `kind` 1 = step budget spent, 2 = another ICU error. Only the first failure is kept until taken.
void cicu_regex_note_failure(int32_t kind, const uint8_t *pattern, int32_t length);
/// The kind of this thread's pending failure, 0 when there is none (a thread-local read).
int32_t cicu_regex_pending_failure(void);
/// Returns and clears this thread's pending failure; `*pattern` gets a malloc'd copy of its pattern (or NULL),
/// which the caller frees.
int32_t cicu_regex_take_failure(char **pattern);

// ---- Range enumeration, added for the pre-tokenizer scanners (PreTokenizers/Scanners/UnicodeCategoryTable.swift) ----

/// The maximal runs of code points (0 ..< 0x110000) that share one ICU general category (UCharCategory numbering),
/// in ascending order: run i is `starts[i] ..< starts[i + 1]` (the last one ends at 0x110000) with category
/// `categories[i]`. Writes at most `capacity` runs; returns how many there are (call again with more room when
/// that exceeds `capacity`).
int32_t cicu_general_category_ranges(uint32_t *starts, uint8_t *categories, int32_t capacity);

/// The code points with a binary property (CICU_WHITE_SPACE, ...) as ranges `starts[i] ..< ends[i]`, ascending.
/// Writes at most `capacity` ranges; returns how many there are, or -1 on an ICU error.
int32_t cicu_property_ranges(int32_t property, uint32_t *starts, uint32_t *ends, int32_t capacity);

// ---- end of range enumeration ----

#ifdef __cplusplus
}
#endif
#endif

// normalizers
// Helpers for Sources/TokenizerKit/Normalizers (the reference's normalizers, replayed with ICU's data).
#ifdef __cplusplus
extern "C" {
#endif

/// The Unicode version in which the code point was assigned, as major * 256 + minor (0 when unassigned).
int32_t cicu_age(uint32_t codePoint);

/// The full canonical (`compatibility` == 0) or compatibility decomposition of one code point as the reference's
/// normalization crate knows it (Unicode 9.0: a code point assigned later does not decompose and has combining
/// class 0), with each piece's combining class. Writes up to `capacity` pieces; returns how many there are
/// (1 and the code point itself when it does not decompose).
int32_t cicu_crate_decomposition(int32_t compatibility, uint32_t codePoint, uint32_t *pieces, uint8_t *classes,
                                 int32_t capacity);

/// The primary composite of `a` followed by `b` (canonical composition, Hangul included), or 0 when there is none.
uint32_t cicu_compose_pair(uint32_t a, uint32_t b);

/// The byte length of a prefix of the UTF-8 `text` that is certainly in the form (a per-code-point quick-check
/// table; "maybe" segments are confirmed by normalizing them), always ending at a normalization boundary;
/// `length` when the whole text is in the form. Otherwise `*segmentEnd` is the end of the segment starting at
/// the returned offset that may change (the next scalar that passes on its own, or `length`).
int64_t cicu_normalized_prefix(int32_t form, const uint8_t *text, int64_t length, int64_t *segmentEnd);

/// The Grapheme_Cluster_Break value (ICU's UGraphemeClusterBreak) of a code point, plus 0x100 when it is
/// Extended_Pictographic.
int32_t cicu_grapheme_break(uint32_t codePoint);

/// The simple (single code point) lowercase mapping.
uint32_t cicu_simple_lowercase(uint32_t codePoint);

// scripts
/// The Script property (ICU's UScriptCode, e.g. 0 Common, 1 Inherited, 25 Latin, 103 Unknown) of a code point.
int32_t cicu_script(uint32_t codePoint);

#ifdef __cplusplus
}
#endif
