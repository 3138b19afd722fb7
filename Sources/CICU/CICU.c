#include "CICU.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

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
    URegularExpression *regex = uregex_openUText(patternText, 0, &parseError, &status);
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
    return U_FAILURE(status) ? -1 : 0;
}

int32_t cicu_regex_find_next(CICURegex *regex, int64_t *start, int64_t *end) {
    UErrorCode status = U_ZERO_ERROR;
    UBool found = uregex_findNext(regex->regex, &status);
    if (U_FAILURE(status)) return -1;
    if (!found) return 0;
    *start = uregex_start64(regex->regex, 0, &status);
    *end = uregex_end64(regex->regex, 0, &status);
    return U_FAILURE(status) ? -1 : 1;
}

// ---- Range enumeration, added for the pre-tokenizer scanners (PreTokenizers/Scanners/UnicodeCategoryTable.swift) ----

#include <unicode/uset.h>

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

#include <pthread.h>

int32_t cicu_age(uint32_t codePoint) {
    UVersionInfo version;
    u_charAge((UChar32)codePoint, version);
    return (int32_t)version[0] * 256 + (int32_t)version[1];
}

int32_t cicu_decomposition(int32_t compatibility, uint32_t codePoint, uint32_t *destination, int32_t capacity) {
    const UNormalizer2 *n = normalizer_for(compatibility ? CICU_NFKD : CICU_NFD);
    if (!n) return 0;
    UChar buffer[64];
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = unorm2_getDecomposition(n, (UChar32)codePoint, buffer, 64, &status);
    if (U_FAILURE(status) || length < 0) return 0;
    int32_t count = 0;
    for (int32_t i = 0; i < length;) {
        UChar32 c;
        U16_NEXT(buffer, i, length, c);
        if (count < capacity) destination[count] = (uint32_t)c;
        count++;
    }
    return count;
}

uint32_t cicu_compose_pair(uint32_t a, uint32_t b) {
    const UNormalizer2 *n = normalizer_for(CICU_NFC);
    if (!n) return 0;
    UChar32 c = unorm2_composePair(n, (UChar32)a, (UChar32)b);
    return c < 0 ? 0 : (uint32_t)c;
}

/// Per form, one bit per code point below FAST_LIMIT: set when the code point passes the quick check on its
/// own ("yes") with combining class 0, i.e. it is unchanged and nothing before it interacts with it.
enum { FAST_LIMIT = 0x30000 };
static uint8_t fast_bits[4][FAST_LIMIT / 8];
static pthread_once_t fast_once[4] = {PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT};

static void build_fast_bits(int32_t form) {
    static const UProperty quickCheck[4] = {UCHAR_NFC_QUICK_CHECK, UCHAR_NFD_QUICK_CHECK, UCHAR_NFKC_QUICK_CHECK,
                                            UCHAR_NFKD_QUICK_CHECK};
    for (UChar32 c = 0; c < FAST_LIMIT; c++) {
        if (u_getIntPropertyValue(c, quickCheck[form]) == UNORM_YES && u_getCombiningClass(c) == 0) {
            fast_bits[form][c >> 3] |= (uint8_t)(1u << (c & 7));
        }
    }
}
static void build_fast_nfc(void) { build_fast_bits(CICU_NFC); }
static void build_fast_nfd(void) { build_fast_bits(CICU_NFD); }
static void build_fast_nfkc(void) { build_fast_bits(CICU_NFKC); }
static void build_fast_nfkd(void) { build_fast_bits(CICU_NFKD); }

static const uint8_t *fast_table(int32_t form) {
    static void (*const builders[4])(void) = {build_fast_nfc, build_fast_nfd, build_fast_nfkc, build_fast_nfkd};
    pthread_once(&fast_once[form], builders[form]);
    return fast_bits[form];
}

int64_t cicu_normalized_prefix(int32_t form, const uint8_t *text, int64_t length) {
    const UNormalizer2 *n = normalizer_for(form);
    if (!n) return 0;
    const uint8_t *fast = fast_table(form);
    enum { MAX_SEGMENT = 256 };
    UChar segment[MAX_SEGMENT + 2];
    UChar normalized[MAX_SEGMENT * 4];
    // `boundary`: the start of the last scalar known to have a normalization boundary before it.
    int64_t boundary = 0;
    int64_t i = 0;
    while (i < length) {
        uint8_t lead = text[i];
        if (lead < 0x80) {
            boundary = ++i;
            continue;
        }
        int64_t start = i;
        UChar32 c;
        U8_NEXT(text, i, length, c);
        if (c < 0) return boundary;
        if (c < FAST_LIMIT && (fast[c >> 3] >> (c & 7)) & 1) {
            boundary = start;
            continue;
        }
        // A scalar that may change or interact: check the segment from the boundary before it to the next
        // scalar that passes on its own, by normalizing it and comparing.
        int64_t end = i;
        while (end < length) {
            int64_t next = end;
            UChar32 d;
            U8_NEXT(text, next, length, d);
            if (d < 0) return boundary;
            if (d < 0x80 || (d < FAST_LIMIT && (fast[d >> 3] >> (d & 7)) & 1)) break;
            end = next;
        }
        if (end - boundary > MAX_SEGMENT / 2) return boundary;
        UErrorCode status = U_ZERO_ERROR;
        int32_t length16 = 0;
        u_strFromUTF8(segment, MAX_SEGMENT + 2, &length16, (const char *)(text + boundary), (int32_t)(end - boundary), &status);
        if (U_FAILURE(status)) return boundary;
        int32_t normalizedLength = unorm2_normalize(n, segment, length16, normalized, MAX_SEGMENT * 4, &status);
        if (U_FAILURE(status) || normalizedLength != length16
            || memcmp(normalized, segment, sizeof(UChar) * (size_t)length16) != 0) {
            return boundary;
        }
        i = end;
        boundary = end;
    }
    return length;
}

int32_t cicu_grapheme_break(uint32_t codePoint) {
    int32_t value = u_getIntPropertyValue((UChar32)codePoint, UCHAR_GRAPHEME_CLUSTER_BREAK);
    if (u_hasBinaryProperty((UChar32)codePoint, UCHAR_EXTENDED_PICTOGRAPHIC)) value |= 0x100;
    return value;
}

uint32_t cicu_simple_lowercase(uint32_t codePoint) { return (uint32_t)u_tolower((UChar32)codePoint); }
