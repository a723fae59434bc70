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
#include <sys/ioctl.h>
#include <curses.h>
#include <term.h>

/* Only what Swift cannot call directly: macros, and C globals Swift 6 calls unsafe. Signal
   handlers and the exit backstops are C code of their own: see CTerminalSignals. */

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

#endif
