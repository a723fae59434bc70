#ifndef KEJIN_CNCURSES_SHIM_H
#define KEJIN_CNCURSES_SHIM_H
/* SwiftPM drops pkg-config's -D flags: ask for the wide-character API ourselves. */
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <curses.h>
#endif
