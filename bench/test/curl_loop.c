/* The baseline of bench/test/run: N sequential GETs over one libcurl easy handle (keep-alive),
 * each response read whole and given the same three checks sonde's asserts make (status, a
 * header, a substring of the body). What any tool must at least spend. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf { char *data; size_t len; };

static size_t on_body(char *p, size_t size, size_t n, void *user) {
  struct buf *b = user;
  b->data = realloc(b->data, b->len + size * n + 1);
  memcpy(b->data + b->len, p, size * n);
  b->len += size * n;
  b->data[b->len] = 0;
  return size * n;
}

int main(int argc, char **argv) {
  if (argc != 3) { fprintf(stderr, "usage: curl_loop URL N\n"); return 2; }
  int n = atoi(argv[2]), failed = 0;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURL *h = curl_easy_init();
  struct buf b = {0};
  curl_easy_setopt(h, CURLOPT_URL, argv[1]);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
  for (int i = 0; i < n; ++i) {
    b.len = 0;
    if (curl_easy_perform(h) != CURLE_OK) { ++failed; continue; }
    long status = 0;
    char *type = NULL;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
    if (status != 200 || !type || strcmp(type, "application/json") != 0 || !b.data || !strstr(b.data, "\"ok\":true")) ++failed;
  }
  curl_easy_cleanup(h);
  free(b.data);
  printf("%d failed\n", failed);
  return failed != 0;
}
