#ifndef KEJIN_CNCURSES_SHIM_H
#define KEJIN_CNCURSES_SHIM_H
/* SwiftPM drops pkg-config's -D flags: ask for the wide-character API ourselves. */
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <termios.h>
#include <sys/ioctl.h>
#include <curses.h>
#include <term.h>

/* Helpers for what Swift cannot import: macros, and C globals Swift 6 calls unsafe. */

/* Not visible through Swift's Glibc module; the same function ncursesw measures with. */
extern int wcwidth(wchar_t c);
static inline int kejin_wcwidth(wchar_t c) { return wcwidth(c); }

static inline WINDOW *kejin_stdscr(void) { return stdscr; }
static inline WINDOW *kejin_curscr(void) { return curscr; }
static inline int kejin_colors(void) { return COLORS; }
static inline int kejin_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *kejin_stdout(void) { return stdout; }
static inline FILE *kejin_stdin(void) { return stdin; }
static inline void kejin_getmaxyx(WINDOW *w, int *h, int *wd) { int y, x; getmaxyx(w, y, x); *h = y; *wd = x; }

static inline attr_t kejin_a_normal(void) { return A_NORMAL; }
static inline attr_t kejin_a_bold(void) { return A_BOLD; }
static inline attr_t kejin_a_reverse(void) { return A_REVERSE; }
static inline attr_t kejin_a_underline(void) { return A_UNDERLINE; }
static inline attr_t kejin_a_color(void) { return A_COLOR; }
/* ACS line-drawing characters live in a map initscr/newterm fills: read it at call time. */
static inline chtype kejin_acs(char c) { return NCURSES_ACS(c); }

static inline mmask_t kejin_button1_clicks(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED; }
static inline int kejin_is_button1_click(mmask_t m) { return (m & (BUTTON1_CLICKED | BUTTON1_PRESSED)) != 0; }

/* The terminal's size from the kernel, for SIGWINCH (LINES/COLS are stale then). */
static inline int kejin_winsize(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0 || ws.ws_col == 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}

/* ---- Signals: the handler only write()s the signal number to a self-pipe. ---- */
/* State is weak, not static: Swift emits this header once per source file, and all the
   copies must share one variable. */
#define KEJIN_SHARED __attribute__((weak))
KEJIN_SHARED int kejin_signal_fd = -1;

static void kejin_on_signal(int sig) {
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    if (kejin_signal_fd >= 0) { ssize_t r = write(kejin_signal_fd, &b, 1); (void)r; }
    errno = saved;
}

/* Which signals kejin_catch took over, so restoring touches only those. */
KEJIN_SHARED unsigned long kejin_caught_mask = 0;

static inline int kejin_catch(int sig) {
    kejin_caught_mask |= 1UL << sig;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = kejin_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    return sigaction(sig, &sa, NULL);
}

/* INT TERM QUIT HUP TSTP CONT WINCH → pipe. Call after newterm: ncurses installs its own. */
static inline int kejin_install_signal_handlers(int pipe_write_fd) {
    kejin_signal_fd = pipe_write_fd;
    int sigs[] = { SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGTSTP, SIGCONT, SIGWINCH };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction old;
        /* A shell without job control ignores SIGTSTP for us: then Ctrl-Z must do nothing. */
        if (sigs[i] == SIGTSTP && sigaction(SIGTSTP, NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        if (kejin_catch(sigs[i]) != 0) return -1;
    }
    return 0;
}

static inline void kejin_default_signal_handlers(void) {
    int sigs[] = { SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGTSTP, SIGCONT, SIGWINCH };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        if (kejin_caught_mask & (1UL << sigs[i])) signal(sigs[i], SIG_DFL);
    }
    kejin_caught_mask = 0;
    kejin_signal_fd = -1;
}

/* Job control: after endwin, really stop (default action), and come back here on SIGCONT. */
static inline void kejin_stop_self(void) {
    sigset_t set;
    signal(SIGTSTP, SIG_DFL);
    sigemptyset(&set); sigaddset(&set, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(SIGTSTP);
    kejin_catch(SIGTSTP);
}

/* ---- Restoration backstops: atexit, and fatal signals (crash, trap, abort). ---- */
KEJIN_SHARED int kejin_curses_active = 0;
KEJIN_SHARED int kejin_saved_termios_ok = 0;
KEJIN_SHARED struct termios kejin_saved_termios = { 0 };
KEJIN_SHARED char kejin_reset_seq[128] = { 0 };
KEJIN_SHARED size_t kejin_reset_len = 0;
KEJIN_SHARED int kejin_backstops_installed = 0;

static void kejin_atexit_restore(void) {
    if (kejin_curses_active) { kejin_curses_active = 0; curs_set(1); endwin(); }
}

KEJIN_SHARED struct sigaction kejin_previous_fatal[32] = { { { 0 } } };

/* Async-signal-safe: only tcsetattr and write of strings prepared in advance; then the
   returning re-runs the faulting instruction (or abort()'s own re-raise) under the previous
   handler (Swift's backtracer, or the default action), as if we had not been there. */
static void kejin_on_fatal(int sig) {
    if (kejin_curses_active) {
        kejin_curses_active = 0;
        if (kejin_reset_len) { ssize_t r = write(STDOUT_FILENO, kejin_reset_seq, kejin_reset_len); (void)r; }
        if (kejin_saved_termios_ok) tcsetattr(STDIN_FILENO, TCSANOW, &kejin_saved_termios);
    }
    sigaction(sig, &kejin_previous_fatal[sig], NULL);
    if (sig == SIGTRAP) raise(sig); /* a trap, not a fault: returning would not repeat it */
}

/* Call before newterm (saves the sane tty modes) for a real terminal. */
static inline void kejin_save_tty(void) {
    kejin_saved_termios_ok = tcgetattr(STDIN_FILENO, &kejin_saved_termios) == 0;
}

/* Call after newterm: prepares the exit sequences and installs the backstops once. */
static inline void kejin_install_backstops(void) {
    const char *caps[] = { "sgr0", "cnorm", "rmcup", "rmkx" };
    kejin_reset_len = 0;
    for (unsigned i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        const char *s = tigetstr((char *)caps[i]);
        if (s == NULL || s == (char *)-1) continue;
        size_t n = strlen(s);
        if (kejin_reset_len + n >= sizeof kejin_reset_seq) break;
        memcpy(kejin_reset_seq + kejin_reset_len, s, n);
        kejin_reset_len += n;
    }
    if (kejin_backstops_installed) return;
    kejin_backstops_installed = 1;
    atexit(kejin_atexit_restore);
    int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = kejin_on_fatal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = 0;
        sigaction(sigs[i], &sa, &kejin_previous_fatal[sigs[i]]);
    }
}

static inline void kejin_set_curses_active(int on) { kejin_curses_active = on; }
#endif
