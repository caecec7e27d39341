// Linux epoll, eventfd and accept4, which the Swift Glibc module does not export;
// used by the HTTP server's event loops.
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// accept4 is declared by glibc only under _GNU_SOURCE; this is its exact prototype.
extern int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags);
