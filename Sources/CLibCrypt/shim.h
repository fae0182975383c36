// libxcrypt (Debian libcrypt-dev): crypt_r for the node login password (SHA-512 crypt).
#include <crypt.h>
