#include "CICU.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__APPLE__)
// Apple platforms: the system's libicucore, which has no headers (see ICUDeclarations.h).
#include "ICUDeclarations.h"
#else
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uregex.h>
#include <unicode/uscript.h>
#include <unicode/uset.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#endif

#if defined(__APPLE__)
#define CICU_REGEX_TIME_OUT ((UErrorCode)66322) // U_REGEX_TIME_OUT in ICU's utypes.h
void uregex_setTimeLimit(URegularExpression *regexp, int32_t limit, UErrorCode *status);
void uregex_setStackLimit(URegularExpression *regexp, int32_t limit, UErrorCode *status);
#else
#define CICU_REGEX_TIME_OUT U_REGEX_TIME_OUT
#endif

static const UNormalizer2 *normalizer_for(int32_t form) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n = NULL;
    switch (form) {
    case CICU_NFC: n = unorm2_getNFCInstance(&status); break;
    case CICU_NFD: n = unorm2_getNFDInstance(&status); break;
    case CICU_NFKC: n = unorm2_getNFKCInstance(&status); break;
    case CICU_NFKD: n = unorm2_getNFKDInstance(&status); break;
    default: return NULL;
    }
    return U_FAILURE(status) ? NULL : n;
}

/// UTF-32 → UTF-16 into a malloc'd buffer.
static UChar *to_utf16(const uint32_t *source, int32_t length, int32_t *outLength) {
    UChar *buffer = (UChar *)malloc(sizeof(UChar) * (size_t)(length * 2 + 1));
    int32_t n = 0;
    for (int32_t i = 0; i < length; i++) {
        UChar32 c = (UChar32)source[i];
        if (c <= 0xFFFF) {
            buffer[n++] = (UChar)c;
        } else {
            buffer[n++] = U16_LEAD(c);
            buffer[n++] = U16_TRAIL(c);
        }
    }
    *outLength = n;
    return buffer;
}

int32_t cicu_normalize(int32_t form, const uint32_t *source, int32_t length, uint32_t *destination, int32_t capacity) {
    const UNormalizer2 *n = normalizer_for(form);
    if (!n) return -1;
    int32_t length16 = 0;
    UChar *text = to_utf16(source, length, &length16);
    int32_t outCapacity = length16 * 18 + 16;
    UChar *out = (UChar *)malloc(sizeof(UChar) * (size_t)outCapacity);
    UErrorCode status = U_ZERO_ERROR;
    int32_t outLength = unorm2_normalize(n, text, length16, out, outCapacity, &status);
    free(text);
    if (U_FAILURE(status)) {
        free(out);
        return -1;
    }
    int32_t count = 0;
    for (int32_t i = 0; i < outLength;) {
        UChar32 c;
        U16_NEXT(out, i, outLength, c);
        if (count < capacity) destination[count] = (uint32_t)c;
        count++;
    }
    free(out);
    return count;
}

int32_t cicu_is_normalized(int32_t form, const uint32_t *source, int32_t length) {
    const UNormalizer2 *n = normalizer_for(form);
    if (!n) return -1;
    int32_t length16 = 0;
    UChar *text = to_utf16(source, length, &length16);
    UErrorCode status = U_ZERO_ERROR;
    UBool result = unorm2_isNormalized(n, text, length16, &status);
    free(text);
    return U_FAILURE(status) ? -1 : (result ? 1 : 0);
}

int32_t cicu_has_boundary_before(int32_t form, uint32_t codePoint) {
    const UNormalizer2 *n = normalizer_for(form);
    if (!n) return 1;
    return unorm2_hasBoundaryBefore(n, (UChar32)codePoint) ? 1 : 0;
}

uint8_t cicu_combining_class(uint32_t codePoint) { return u_getCombiningClass((UChar32)codePoint); }

int32_t cicu_general_category(uint32_t codePoint) { return (int32_t)u_charType((UChar32)codePoint); }

int32_t cicu_has_property(uint32_t codePoint, int32_t property) {
    UProperty p;
    switch (property) {
    case CICU_WHITE_SPACE: p = UCHAR_WHITE_SPACE; break;
    case CICU_ALPHABETIC: p = UCHAR_ALPHABETIC; break;
    case CICU_LOWERCASE: p = UCHAR_LOWERCASE; break;
    case CICU_UPPERCASE: p = UCHAR_UPPERCASE; break;
    default: return 0;
    }
    return u_hasBinaryProperty((UChar32)codePoint, p) ? 1 : 0;
}

static int32_t map_case(uint32_t codePoint, uint32_t *destination, int32_t capacity, int upper) {
    UChar source[2];
    int32_t length = 0;
    U16_APPEND_UNSAFE(source, length, (UChar32)codePoint);
    UChar out[16];
    UErrorCode status = U_ZERO_ERROR;
    int32_t outLength = upper ? u_strToUpper(out, 16, source, length, "", &status)
                              : u_strToLower(out, 16, source, length, "", &status);
    if (U_FAILURE(status)) {
        if (capacity > 0) destination[0] = codePoint;
        return 1;
    }
    int32_t count = 0;
    for (int32_t i = 0; i < outLength;) {
        UChar32 c;
        U16_NEXT(out, i, outLength, c);
        if (count < capacity) destination[count] = (uint32_t)c;
        count++;
    }
    return count;
}

int32_t cicu_lowercase(uint32_t codePoint, uint32_t *destination, int32_t capacity) {
    return map_case(codePoint, destination, capacity, 0);
}

int32_t cicu_uppercase(uint32_t codePoint, uint32_t *destination, int32_t capacity) {
    return map_case(codePoint, destination, capacity, 1);
}

struct CICURegex {
    URegularExpression *regex;
    UText *text;
};

CICURegex *cicu_regex_open(const uint8_t *pattern, int32_t length, char *error, int32_t errorCapacity) {
    UErrorCode status = U_ZERO_ERROR;
    UText *patternText = utext_openUTF8(NULL, (const char *)pattern, length, &status);
    UParseError parseError;
    // Oniguruma's Ruby syntax, which the reference uses: only "\n" ends a line (for `.`, `^`, `$`), and
    // `^` / `$` match at every line break.
    URegularExpression *regex = uregex_openUText(patternText, UREGEX_UNIX_LINES | UREGEX_MULTILINE, &parseError, &status);
    utext_close(patternText);
    if (U_FAILURE(status)) {
        if (error && errorCapacity > 0) {
            snprintf(error, (size_t)errorCapacity, "%s at offset %d", u_errorName(status), parseError.offset);
        }
        if (regex) uregex_close(regex);
        return NULL;
    }
    CICURegex *result = (CICURegex *)calloc(1, sizeof(CICURegex));
    result->regex = regex;
    return result;
}

CICURegex *cicu_regex_clone(const CICURegex *regex) {
    UErrorCode status = U_ZERO_ERROR;
    URegularExpression *copy = uregex_clone(regex->regex, &status);
    if (U_FAILURE(status)) return NULL;
    CICURegex *result = (CICURegex *)calloc(1, sizeof(CICURegex));
    result->regex = copy;
    return result;
}

void cicu_regex_close(CICURegex *regex) {
    if (!regex) return;
    if (regex->text) utext_close(regex->text);
    uregex_close(regex->regex);
    free(regex);
}

int32_t cicu_regex_set_text(CICURegex *regex, const uint8_t *text, int64_t length) {
    UErrorCode status = U_ZERO_ERROR;
    static const uint8_t empty[1] = {0};
    regex->text = utext_openUTF8(regex->text, (const char *)(text ? text : empty), length, &status);
    if (U_FAILURE(status)) return -1;
    uregex_setUText(regex->regex, regex->text, &status);
    if (U_FAILURE(status)) return -1;
    // ICU counts the backtrack states it saves from here (setting the text resets the count) over every find
    // that follows, in units of 10,000 states. The budget is 1,000 units (10 million states: Oniguruma's
    // retry-limit-in-match, the reference's cut) plus 256 states per byte. Measured with ICU 72 over whole
    // texts: the Split patterns of the shared tokenizers (gpt2, cl100k, o200k, qwen2, clip, falcon) save 1-4
    // states per byte of the shared corpus and at most 16 on 1 MB runs built to be hard (digits after spaces,
    // apostrophes, case changes); a 50-way alternation repeated by `+` saves 50. A pattern that backtracks
    // catastrophically stops after a time linear in the text: `(a+)+b` on 1 MB of `a` fails after 4.9 s,
    // on 100 KB after 0.9 s (it took 386 s at the earlier 10,000 states per byte).
    int64_t units = 1000 + length * 256 / 10000;
    uregex_setTimeLimit(regex->regex, units > INT32_MAX ? INT32_MAX : (int32_t)units, &status);
    // ICU's backtrack stack is capped at 8 MB by default, which a legitimate loop like `(?:a|b)+` outgrows on a
    // long run (a frame per iteration) where Oniguruma (no cap) succeeds: the cap grows with the text instead,
    // 128 bytes per byte over the 8 MB, so memory stays linear in the text.
    int64_t stack = 8 * 1024 * 1024 + 128 * length;
    uregex_setStackLimit(regex->regex, stack > INT32_MAX ? INT32_MAX : (int32_t)stack, &status);
    return U_FAILURE(status) ? -1 : 0;
}

int32_t cicu_regex_find_next(CICURegex *regex, int64_t *start, int64_t *end) {
    UErrorCode status = U_ZERO_ERROR;
    UBool found = uregex_findNext(regex->regex, &status);
    if (status == CICU_REGEX_TIME_OUT) return -2;
    if (U_FAILURE(status)) return -1;
    if (!found) return 0;
    *start = uregex_start64(regex->regex, 0, &status);
    *end = uregex_end64(regex->regex, 0, &status);
    return U_FAILURE(status) ? -1 : 1;
}

// The first search failure of this thread since the last `cicu_regex_take_failure` (see the header).
static _Thread_local char *pending_failure_pattern = NULL;
static _Thread_local int32_t pending_failure_kind = 0;

void cicu_regex_note_failure(int32_t kind, const uint8_t *pattern, int32_t length) {
    if (pending_failure_kind != 0) return;
    char *copy = (char *)malloc((size_t)length + 1);
    if (copy) {
        memcpy(copy, pattern, (size_t)length);
        copy[length] = 0;
    }
    pending_failure_pattern = copy;
    pending_failure_kind = kind;
}

int32_t cicu_regex_pending_failure(void) { return pending_failure_kind; }

int32_t cicu_regex_take_failure(char **pattern) {
    int32_t kind = pending_failure_kind;
    *pattern = pending_failure_pattern;
    pending_failure_kind = 0;
    pending_failure_pattern = NULL;
    return kind;
}

// ---- Range enumeration, added for the pre-tokenizer scanners (PreTokenizers/Scanners/UnicodeCategoryTable.swift) ----


typedef struct {
    uint32_t *starts;
    uint8_t *categories;
    int32_t capacity;
    int32_t count;
} CategoryRanges;

static UBool collect_category_range(const void *context, UChar32 start, UChar32 limit, UCharCategory type) {
    (void)limit;
    CategoryRanges *ranges = (CategoryRanges *)context;
    if (ranges->count < ranges->capacity) {
        ranges->starts[ranges->count] = (uint32_t)start;
        ranges->categories[ranges->count] = (uint8_t)type;
    }
    ranges->count++;
    return 1;
}

int32_t cicu_general_category_ranges(uint32_t *starts, uint8_t *categories, int32_t capacity) {
    CategoryRanges ranges = {starts, categories, capacity, 0};
    u_enumCharTypes(collect_category_range, &ranges);
    return ranges.count;
}

int32_t cicu_property_ranges(int32_t property, uint32_t *starts, uint32_t *ends, int32_t capacity) {
    UProperty p;
    switch (property) {
    case CICU_WHITE_SPACE: p = UCHAR_WHITE_SPACE; break;
    case CICU_ALPHABETIC: p = UCHAR_ALPHABETIC; break;
    case CICU_LOWERCASE: p = UCHAR_LOWERCASE; break;
    case CICU_UPPERCASE: p = UCHAR_UPPERCASE; break;
    default: return -1;
    }
    UErrorCode status = U_ZERO_ERROR;
    const USet *set = u_getBinaryPropertySet(p, &status);
    if (U_FAILURE(status)) return -1;
    int32_t count = uset_getRangeCount(set);
    for (int32_t i = 0; i < count && i < capacity; i++) {
        UChar32 start = 0, end = 0;
        uset_getItem(set, i, &start, &end, NULL, 0, &status);
        if (U_FAILURE(status)) return -1;
        starts[i] = (uint32_t)start;
        ends[i] = (uint32_t)end + 1;
    }
    return count;
}

// ---- end of range enumeration ----

// normalizers
// Helpers for Sources/TokenizerKit/Normalizers. The reference normalizes with a crate built from Unicode 9.0
// data; these functions give ICU's data limited to what that crate knew (see UnicodeNormalizer.swift).

#include <pthread.h>

int32_t cicu_age(uint32_t codePoint) {
    UVersionInfo version;
    u_charAge((UChar32)codePoint, version);
    return (int32_t)version[0] * 256 + (int32_t)version[1];
}

/// The Unicode version the reference's normalization crate was generated from, as `cicu_age` encodes it.
enum { CRATE_VERSION = 9 << 8 };

/// Per form: the ICU instance, and two bits per code point below FAST_LIMIT, built once. `fast`: the code
/// point passes the quick check on its own ("yes") with combining class 0, so it is unchanged and nothing
/// before it interacts with it. `no`: its quick check is "no", so a segment holding it changes.
enum { FAST_LIMIT = 0x30000 };
typedef struct {
    const UNormalizer2 *normalizer;
    uint8_t fast[FAST_LIMIT / 8];
    uint8_t no[FAST_LIMIT / 8];
} FormData;
static FormData form_data[4];
static pthread_once_t form_once[4] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};

static void build_form(int32_t form) {
    static const UProperty quickCheck[4] = {UCHAR_NFC_QUICK_CHECK, UCHAR_NFD_QUICK_CHECK, UCHAR_NFKC_QUICK_CHECK,
                                            UCHAR_NFKD_QUICK_CHECK};
    FormData *data = &form_data[form];
    data->normalizer = normalizer_for(form);
    for (UChar32 c = 0; c < FAST_LIMIT; c++) {
        int32_t check = u_getIntPropertyValue(c, quickCheck[form]);
        if (check == UNORM_YES && u_getCombiningClass(c) == 0) data->fast[c >> 3] |= (uint8_t)(1u << (c & 7));
        if (check == UNORM_NO) data->no[c >> 3] |= (uint8_t)(1u << (c & 7));
    }
}
static void build_nfc(void) { build_form(CICU_NFC); }
static void build_nfd(void) { build_form(CICU_NFD); }
static void build_nfkc(void) { build_form(CICU_NFKC); }
static void build_nfkd(void) { build_form(CICU_NFKD); }

static const FormData *data_for(int32_t form) {
    static void (*const builders[4])(void) = {build_nfc, build_nfd, build_nfkc, build_nfkd};
    pthread_once(&form_once[form], builders[form]);
    return &form_data[form];
}

static inline int has_bit(const uint8_t *bits, UChar32 c) {
    return c < FAST_LIMIT && (bits[c >> 3] >> (c & 7)) & 1;
}

int32_t cicu_crate_decomposition(int32_t compatibility, uint32_t codePoint, uint32_t *pieces, uint8_t *classes,
                                 int32_t capacity) {
    if (capacity < 1) return 1;
    pieces[0] = codePoint;
    classes[0] = 0;
    if (codePoint < 0xA0) return 1;
    if (cicu_age(codePoint) > CRATE_VERSION) return 1;
    const UNormalizer2 *n = data_for(compatibility ? CICU_NFKD : CICU_NFD)->normalizer;
    UChar buffer[64];
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = n ? unorm2_getDecomposition(n, (UChar32)codePoint, buffer, 64, &status) : -1;
    if (U_FAILURE(status) || length < 0) {
        classes[0] = u_getCombiningClass((UChar32)codePoint);
        return 1;
    }
    int32_t count = 0;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U16_NEXT(buffer, i, length, c);
        if (count < capacity) {
            pieces[count] = (uint32_t)c;
            classes[count] = u_getCombiningClass(c); // the pieces are all as old as the code point
        }
        count++;
    }
    return count;
}

uint32_t cicu_compose_pair(uint32_t a, uint32_t b) {
    const UNormalizer2 *n = data_for(CICU_NFC)->normalizer;
    if (!n) return 0;
    UChar32 c = unorm2_composePair(n, (UChar32)a, (UChar32)b);
    return c < 0 ? 0 : (uint32_t)c;
}

/// Decodes the scalar at `text[*i]` (valid UTF-8 assumed, as everywhere in TokenizerKit) and advances `*i`.
static inline UChar32 next_scalar(const uint8_t *text, int64_t *i) {
    uint8_t b0 = text[*i];
    if (b0 < 0x80) {
        *i += 1;
        return b0;
    }
    if (b0 < 0xE0) {
        UChar32 c = (UChar32)(b0 & 0x1F) << 6 | (text[*i + 1] & 0x3F);
        *i += 2;
        return c;
    }
    if (b0 < 0xF0) {
        UChar32 c = (UChar32)(b0 & 0x0F) << 12 | (UChar32)(text[*i + 1] & 0x3F) << 6 | (text[*i + 2] & 0x3F);
        *i += 3;
        return c;
    }
    UChar32 c = (UChar32)(b0 & 0x07) << 18 | (UChar32)(text[*i + 1] & 0x3F) << 12 | (UChar32)(text[*i + 2] & 0x3F) << 6
                | (text[*i + 3] & 0x3F);
    *i += 4;
    return c;
}

int64_t cicu_normalized_prefix(int32_t form, const uint8_t *text, int64_t length, int64_t *segmentEnd) {
    const FormData *data = data_for(form);
    const UNormalizer2 *n = data->normalizer;
    *segmentEnd = length;
    if (!n) return 0;
    enum { MAX_SEGMENT = 256 };
    UChar segment[MAX_SEGMENT + 2];
    UChar normalized[MAX_SEGMENT * 4];
    // `boundary`: the start of the last scalar known to have a normalization boundary before it.
    int64_t boundary = 0;
    int64_t i = 0;
    while (i < length) {
        int64_t start = i;
        UChar32 c = next_scalar(text, &i);
        if (c < 0x80 || has_bit(data->fast, c)) {
            boundary = start;
            continue;
        }
        // A scalar that may change or interact: the segment runs from the boundary before it to the next
        // scalar that passes on its own.
        int changes = has_bit(data->no, c);
        int64_t end = i;
        while (end < length) {
            int64_t next = end;
            UChar32 d = next_scalar(text, &next);
            if (d < 0x80 || has_bit(data->fast, d)) break;
            changes |= has_bit(data->no, d);
            end = next;
        }
        *segmentEnd = end;
        // A "no" changes for sure; for "maybe"s (which may compose with nothing), normalize and compare.
        if (changes || end - boundary > MAX_SEGMENT / 2) return boundary;
        UErrorCode status = U_ZERO_ERROR;
        int32_t length16 = 0;
        u_strFromUTF8(segment, MAX_SEGMENT + 2, &length16, (const char *)(text + boundary), (int32_t)(end - boundary),
                      &status);
        if (U_FAILURE(status)) return boundary;
        int32_t normalizedLength = unorm2_normalize(n, segment, length16, normalized, MAX_SEGMENT * 4, &status);
        if (U_FAILURE(status) || normalizedLength != length16
            || memcmp(normalized, segment, sizeof(UChar) * (size_t)length16) != 0) {
            return boundary;
        }
        i = end;
        boundary = end;
    }
    *segmentEnd = length;
    return length;
}

int32_t cicu_grapheme_break(uint32_t codePoint) {
    int32_t value = u_getIntPropertyValue((UChar32)codePoint, UCHAR_GRAPHEME_CLUSTER_BREAK);
    if (u_hasBinaryProperty((UChar32)codePoint, UCHAR_EXTENDED_PICTOGRAPHIC)) value |= 0x100;
    return value;
}

uint32_t cicu_simple_lowercase(uint32_t codePoint) { return (uint32_t)u_tolower((UChar32)codePoint); }

// scripts

int32_t cicu_script(uint32_t codePoint) {
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript((UChar32)codePoint, &status);
    return U_FAILURE(status) ? USCRIPT_UNKNOWN : (int32_t)script;
}
