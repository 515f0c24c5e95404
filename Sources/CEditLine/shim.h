// libedit's readline emulation. Always the editline header: on Debian, GNU readline's
// <readline/readline.h> may also be installed and would compile against the wrong library.
#include <stdio.h>
#include <editline/readline.h>
