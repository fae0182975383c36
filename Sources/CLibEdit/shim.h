#ifndef CCE_CLIBEDIT_SHIM_H
#define CCE_CLIBEDIT_SHIM_H
#include <stdio.h>
/* <editline/readline.h>, never <readline/readline.h>: the latter is GNU readline's header,
   which builds silently against libedit with the wrong declarations (STYLE.md §4.3). */
#include <editline/readline.h>
#include <histedit.h>
#endif
