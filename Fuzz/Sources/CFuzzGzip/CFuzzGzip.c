#include "CFuzzGzip.h"
#include <zlib.h>

int32_t fuzz_gzip_write(const char *path, const uint8_t *data, int64_t length) {
    gzFile file = gzopen(path, "wb");
    if (!file) return -1;
    int64_t done = 0;
    while (done < length) {
        int64_t piece = length - done > (1 << 30) ? (1 << 30) : length - done;
        if (gzwrite(file, data + done, (unsigned)piece) != (int)piece) { gzclose(file); return -1; }
        done += piece;
    }
    return gzclose(file) == Z_OK ? 0 : -1;
}
