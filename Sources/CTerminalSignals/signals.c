#include "kejin_signals.h"

#include <curses.h>
#include <term.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Signal handlers and exit backstops must be async-signal-safe: only write(), tcsetattr()
   and sigaction() on state prepared in advance, which is C's to promise, not Swift's. */

/* ---- Signals: the handler only write()s the signal number to a self-pipe. ---- */
static int kejin_signal_fd = -1;

static void kejin_on_signal(int sig) {
    int saved = errno;
    unsigned char b = (unsigned char)sig;
    if (kejin_signal_fd >= 0) { ssize_t r = write(kejin_signal_fd, &b, 1); (void)r; }
    errno = saved;
}

/* Which signals kejin_catch took over, so restoring touches only those. */
static unsigned long kejin_caught_mask = 0;

static int kejin_catch(int sig) {
    kejin_caught_mask |= 1UL << sig;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = kejin_on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    return sigaction(sig, &sa, NULL);
}

/* INT TERM QUIT HUP TSTP CONT WINCH → pipe. Call after newterm: ncurses installs its own. */
int kejin_install_signal_handlers(int pipe_write_fd) {
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

void kejin_default_signal_handlers(void) {
    int sigs[] = { SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGTSTP, SIGCONT, SIGWINCH };
    for (unsigned i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        if (kejin_caught_mask & (1UL << sigs[i])) signal(sigs[i], SIG_DFL);
    }
    kejin_caught_mask = 0;
    kejin_signal_fd = -1;
}

/* Job control: after endwin, really stop (default action), and come back here on SIGCONT. */
void kejin_stop_self(void) {
    sigset_t set;
    signal(SIGTSTP, SIG_DFL);
    sigemptyset(&set); sigaddset(&set, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    raise(SIGTSTP);
    kejin_catch(SIGTSTP);
}

/* ---- Restoration backstops: atexit, and fatal signals (crash, trap, abort). ---- */
static int kejin_curses_active = 0;
static int kejin_saved_termios_ok = 0;
static struct termios kejin_saved_termios = { 0 };
static char kejin_reset_seq[128] = { 0 };
static size_t kejin_reset_len = 0;
static int kejin_backstops_installed = 0;

static void kejin_atexit_restore(void) {
    if (kejin_curses_active) { kejin_curses_active = 0; curs_set(1); endwin(); }
}

static struct sigaction kejin_previous_fatal[32] = { { { 0 } } };

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
void kejin_save_tty(void) {
    kejin_saved_termios_ok = tcgetattr(STDIN_FILENO, &kejin_saved_termios) == 0;
}

/* Call after newterm: prepares the exit sequences and installs the backstops once. */
void kejin_install_backstops(void) {
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

void kejin_set_curses_active(int on) { kejin_curses_active = on; }
