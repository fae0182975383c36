#ifndef CCE_CLIBEDIT_SHIM_H
#define CCE_CLIBEDIT_SHIM_H
#include <stdio.h>
/* <editline/readline.h>, never <readline/readline.h>: the latter is GNU readline's header,
   which builds silently against libedit with the wrong declarations (STYLE.md §4.3). */
#include <editline/readline.h>
#include <histedit.h>

/* el_set, el_get and history are variadic, and Swift does not import variadic C functions
   (STYLE.md §4.3 pitfall 2): one typed wrapper per operation we use. */

static inline int cce_el_set_prompt(EditLine *el, char *(*fn)(EditLine *)) { return el_set(el, EL_PROMPT, fn); }
static inline int cce_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int cce_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int cce_el_set_clientdata(EditLine *el, void *d) { return el_set(el, EL_CLIENTDATA, d); }
static inline void *cce_el_get_clientdata(EditLine *el) { void *p = NULL; el_get(el, EL_CLIENTDATA, &p); return p; }
static inline int cce_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int cce_el_add_function(EditLine *el, const char *name, const char *help,
                                      unsigned char (*fn)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int cce_el_set_getcfn(EditLine *el, int (*fn)(EditLine *, wchar_t *)) { return el_set(el, EL_GETCFN, fn); }
static inline int cce_el_bind(EditLine *el, const char *key, const char *fn) { return el_set(el, EL_BIND, key, fn, NULL); }

static inline int cce_history_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int cce_history_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int cce_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int cce_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int cce_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }
static inline int cce_history_clear(History *h) { HistEvent ev; return history(h, &ev, H_CLEAR); }

/* The C `stdout`/`stderr` globals are rejected by Swift 6 strict concurrency (pitfall 3). */
static inline FILE *cce_stdin(void) { return stdin; }
static inline FILE *cce_stdout(void) { return stdout; }
static inline FILE *cce_stderr(void) { return stderr; }
#endif
