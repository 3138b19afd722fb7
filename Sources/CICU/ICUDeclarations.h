// The ICU C API this shim calls, declared by hand for Apple platforms: they ship ICU as the system library
// libicucore, with unversioned symbol names and without headers. Every declaration below is copied in
// shape (not in text) from ICU's public headers (uchar.h, unorm2.h, uregex.h, ustring.h, utext.h, uset.h,
// uscript.h, parseerr.h, utypes.h, umachine.h, uversion.h), and every constant has ICU's stable value.
// Elsewhere (Linux) CICU.c includes ICU's own headers from libicu-dev instead.
#ifndef CICU_ICU_DECLARATIONS_H
#define CICU_ICU_DECLARATIONS_H

#include <stdint.h>

typedef uint16_t UChar;
typedef int32_t UChar32;
typedef int8_t UBool;
typedef uint8_t UVersionInfo[4];

// The UTF-16 macros of utf16.h this shim uses, with the same meaning.
#define U16_IS_LEAD(c) (((c) & 0xFFFFFC00) == 0xD800)
#define U16_IS_TRAIL(c) (((c) & 0xFFFFFC00) == 0xDC00)
#define U16_LEAD(c) ((UChar)(((c) >> 10) + 0xD7C0))
#define U16_TRAIL(c) ((UChar)(((c) & 0x3FF) | 0xDC00))
/// Reads the code point at s[i] (a surrogate pair when one is complete before `length`) into c; advances i.
#define U16_NEXT(s, i, length, c) do { \
        (c) = (s)[(i)++]; \
        if (U16_IS_LEAD(c) && (i) != (length) && U16_IS_TRAIL((s)[(i)])) { \
            (c) = (((UChar32)(c) - 0xD800) << 10) + ((UChar32)(s)[(i)] - 0xDC00) + 0x10000; \
            ++(i); \
        } \
    } while (0)
/// Writes c at s[i] (two units for a supplementary code point); advances i. No bounds check.
#define U16_APPEND_UNSAFE(s, i, c) do { \
        if ((uint32_t)(c) <= 0xFFFF) { \
            (s)[(i)++] = (UChar)(c); \
        } else { \
            (s)[(i)++] = U16_LEAD(c); \
            (s)[(i)++] = U16_TRAIL(c); \
        } \
    } while (0)

typedef enum UErrorCode { U_ZERO_ERROR = 0 } UErrorCode;
#define U_FAILURE(x) ((x) > U_ZERO_ERROR)

typedef int32_t UProperty;
enum {
    UCHAR_ALPHABETIC = 0,
    UCHAR_LOWERCASE = 22,
    UCHAR_UPPERCASE = 30,
    UCHAR_WHITE_SPACE = 31,
    UCHAR_EXTENDED_PICTOGRAPHIC = 64,
    UCHAR_NFD_QUICK_CHECK = 0x100C,
    UCHAR_NFKD_QUICK_CHECK = 0x100D,
    UCHAR_NFC_QUICK_CHECK = 0x100E,
    UCHAR_NFKC_QUICK_CHECK = 0x100F,
    UCHAR_GRAPHEME_CLUSTER_BREAK = 0x1012,
};

typedef int32_t UCharCategory;
typedef int32_t UScriptCode;
enum { USCRIPT_UNKNOWN = 103 };

typedef enum UNormalizationCheckResult { UNORM_NO, UNORM_YES, UNORM_MAYBE } UNormalizationCheckResult;

enum { UREGEX_UNIX_LINES = 1, UREGEX_MULTILINE = 8 };

typedef struct UParseError {
    int32_t line;
    int32_t offset;
    UChar preContext[16];
    UChar postContext[16];
} UParseError;

typedef struct UNormalizer2 UNormalizer2;
typedef struct URegularExpression URegularExpression;
typedef struct UText UText;
typedef struct USet USet;

typedef UBool UCharEnumTypeRange(const void *context, UChar32 start, UChar32 limit, UCharCategory type);

int8_t u_charType(UChar32 c);
uint8_t u_getCombiningClass(UChar32 c);
UBool u_hasBinaryProperty(UChar32 c, UProperty which);
int32_t u_getIntPropertyValue(UChar32 c, UProperty which);
void u_charAge(UChar32 c, UVersionInfo versionArray);
void u_enumCharTypes(UCharEnumTypeRange *enumRange, const void *context);
const USet *u_getBinaryPropertySet(UProperty property, UErrorCode *pErrorCode);
UChar32 u_tolower(UChar32 c);
int32_t u_strToLower(UChar *dest, int32_t destCapacity, const UChar *src, int32_t srcLength, const char *locale,
                     UErrorCode *pErrorCode);
int32_t u_strToUpper(UChar *dest, int32_t destCapacity, const UChar *src, int32_t srcLength, const char *locale,
                     UErrorCode *pErrorCode);
UChar *u_strFromUTF8(UChar *dest, int32_t destCapacity, int32_t *pDestLength, const char *src, int32_t srcLength,
                     UErrorCode *pErrorCode);
const char *u_errorName(UErrorCode code);

const UNormalizer2 *unorm2_getNFCInstance(UErrorCode *pErrorCode);
const UNormalizer2 *unorm2_getNFDInstance(UErrorCode *pErrorCode);
const UNormalizer2 *unorm2_getNFKCInstance(UErrorCode *pErrorCode);
const UNormalizer2 *unorm2_getNFKDInstance(UErrorCode *pErrorCode);
int32_t unorm2_normalize(const UNormalizer2 *norm2, const UChar *src, int32_t length, UChar *dest, int32_t capacity,
                         UErrorCode *pErrorCode);
UBool unorm2_isNormalized(const UNormalizer2 *norm2, const UChar *s, int32_t length, UErrorCode *pErrorCode);
UBool unorm2_hasBoundaryBefore(const UNormalizer2 *norm2, UChar32 c);
int32_t unorm2_getDecomposition(const UNormalizer2 *norm2, UChar32 c, UChar *decomposition, int32_t capacity,
                                UErrorCode *pErrorCode);
UChar32 unorm2_composePair(const UNormalizer2 *norm2, UChar32 a, UChar32 b);

URegularExpression *uregex_openUText(UText *pattern, uint32_t flags, UParseError *pe, UErrorCode *status);
URegularExpression *uregex_clone(const URegularExpression *regexp, UErrorCode *status);
void uregex_close(URegularExpression *regexp);
void uregex_setUText(URegularExpression *regexp, UText *text, UErrorCode *status);
UBool uregex_findNext(URegularExpression *regexp, UErrorCode *status);
int64_t uregex_start64(URegularExpression *regexp, int32_t groupNum, UErrorCode *status);
int64_t uregex_end64(URegularExpression *regexp, int32_t groupNum, UErrorCode *status);

int32_t uset_getRangeCount(const USet *set);
int32_t uset_getItem(const USet *set, int32_t itemIndex, UChar32 *start, UChar32 *end, UChar *str, int32_t strCapacity,
                     UErrorCode *ec);

UText *utext_openUTF8(UText *ut, const char *s, int64_t length, UErrorCode *status);
UText *utext_close(UText *ut);

UScriptCode uscript_getScript(UChar32 codepoint, UErrorCode *err);

#endif
