#ifndef KEJIN_SIGNALS_H
#define KEJIN_SIGNALS_H
/* The terminal's signal handling and restoration backstops (signals.c). */

/* INT TERM QUIT HUP TSTP CONT WINCH → the pipe: the handler only write()s the signal number.
   Call after newterm: ncurses installs its own. Returns 0, or -1 when sigaction fails. */
int kejin_install_signal_handlers(int pipe_write_fd);
/* Back to the default action for the signals taken over above. */
void kejin_default_signal_handlers(void);
/* Job control: after endwin, really stop (default action); returns after SIGCONT. */
void kejin_stop_self(void);
/* Call before newterm (saves the sane tty modes) for a real terminal. */
void kejin_save_tty(void);
/* Call after newterm: prepares the exit sequences, installs the atexit and fatal-signal
   backstops once. */
void kejin_install_backstops(void);
/* Whether curses is on screen (what the backstops restore). */
void kejin_set_curses_active(int on);
#endif
