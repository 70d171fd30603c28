/* bench-startup.c: time from launch to a mapped window (and Showroom's first frame)
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-startup [--runs N] [--settle MS] -- COMMAND [ARGS…] [--vs COMMAND [ARGS…]]
 *
 * Watches the X server for the first top-level window the command maps
 * (a MapNotify on the root window), so any program is measured the same
 * way, from outside. When the command prints Showroom's benchmark lines
 * (SHOWROOM_BENCH=1) their first-frame time and peak memory are read too.
 * Prints one line per run and the medians. With --vs, the two commands
 * are launched in turn, each turn both (the first one first in even turns,
 * the second one first in odd turns), and the median of the per-turn
 * differences in mapped time is printed too.
 */
#include <X11/Xlib.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct
{
  double mapped_ms;
  double first_frame_ms;
  long   vmhwm_kb;
} Run;

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return -1;
  qsort (values->data, values->len, sizeof (double), compare_double);
  if (values->len % 2)
    return g_array_index (values, double, values->len / 2);
  return (g_array_index (values, double, values->len / 2 - 1) +
          g_array_index (values, double, values->len / 2)) / 2;
}

static void
read_lines (int      fd,
            GString *buffer,
            gint64   start,
            Run     *run,
            gboolean *exited_cleanly)
{
  char chunk[4096];
  ssize_t n = read (fd, chunk, sizeof chunk);
  char *newline;

  if (n <= 0)
    return;
  g_string_append_len (buffer, chunk, n);

  while ((newline = strchr (buffer->str, '\n')) != NULL)
    {
      g_autofree char *line = g_strndup (buffer->str, newline - buffer->str);
      gint64 t;

      g_string_erase (buffer, 0, newline - buffer->str + 1);
      if (sscanf (line, "showroom-bench: first-frame %" G_GINT64_FORMAT, &t) == 1)
        run->first_frame_ms = (t - start) / 1000.0;
      else if (sscanf (line, "showroom-bench: vmhwm %ld", &run->vmhwm_kb) == 1)
        *exited_cleanly = TRUE;
    }
}

static gboolean
measure (char   **argv,
         int      settle_ms,
         Run     *run)
{
  Display *display = XOpenDisplay (NULL);
  g_autoptr(GString) buffer = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean done_reading = FALSE;
  gboolean mapped = FALSE;
  gint64 start, deadline, settle_until = 0;
  GPid pid;
  int out_fd;
  int status;

  if (display == NULL)
    {
      g_printerr ("bench-startup: no X display (run under xvfb-run)\n");
      return FALSE;
    }

  XSelectInput (display, DefaultRootWindow (display), SubstructureNotifyMask);
  XSync (display, True);

  run->mapped_ms = run->first_frame_ms = -1;
  run->vmhwm_kb = -1;

  start = g_get_monotonic_time ();
  if (!g_spawn_async_with_pipes (NULL, argv, NULL,
                                 G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, &pid, NULL, &out_fd, NULL, &error))
    {
      g_printerr ("bench-startup: %s\n", error->message);
      XCloseDisplay (display);
      return FALSE;
    }
  deadline = start + 60 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd fds[2] = {
        { ConnectionNumber (display), POLLIN, 0 },
        { out_fd, POLLIN, 0 },
      };

      while (XPending (display))
        {
          XEvent event;

          XNextEvent (display, &event);
          if (event.type == MapNotify && !event.xmap.override_redirect && !mapped)
            {
              mapped = TRUE;
              run->mapped_ms = (g_get_monotonic_time () - start) / 1000.0;
              settle_until = g_get_monotonic_time () + settle_ms * 1000;
            }
        }

      if (done_reading)
        break;
      if (mapped && run->first_frame_ms < 0 && settle_ms > 0 && g_get_monotonic_time () > settle_until)
        break;   /* not Showroom: mapped is all we wait for */

      if (poll (fds, 2, 20) > 0 && (fds[1].revents & (POLLIN | POLLHUP)))
        {
          if (fds[1].revents & POLLIN)
            read_lines (out_fd, buffer, start, run, &done_reading);
          else
            done_reading = TRUE;
        }
    }

  kill (pid, SIGTERM);
  waitpid (pid, &status, 0);
  g_spawn_close_pid (pid);
  close (out_fd);
  XCloseDisplay (display);
  return mapped;
}

typedef struct
{
  char   **argv;
  GArray  *mapped;
  GArray  *frames;
  GArray  *memory;
} Command;

static void
command_init (Command *command,
              char   **argv)
{
  command->argv = argv;
  command->mapped = g_array_new (FALSE, FALSE, sizeof (double));
  command->frames = g_array_new (FALSE, FALSE, sizeof (double));
  command->memory = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
command_print_median (Command    *command,
                      const char *label)
{
  g_print ("median%s: mapped %.1f ms", label, median (command->mapped));
  if (command->frames->len > 0)
    g_print (", first frame %.1f ms", median (command->frames));
  if (command->memory->len > 0)
    g_print (", peak RSS %.1f MB", median (command->memory));
  g_print ("\n");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) differences = g_array_new (FALSE, FALSE, sizeof (double));
  Command commands[2] = { { 0 } };
  int n_commands = 1;
  int runs = 5;
  int settle_ms = 1500;
  int i = 1;

  for (; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--runs") && i + 1 < argc)
        runs = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--settle") && i + 1 < argc)
        settle_ms = atoi (argv[++i]);
      else if (g_str_equal (argv[i], "--"))
        {
          i++;
          break;
        }
    }

  if (i >= argc || g_str_equal (argv[i], "--vs"))
    {
      g_printerr ("usage: bench-startup [--runs N] [--settle MS] -- COMMAND [ARGS…] [--vs COMMAND [ARGS…]]\n");
      return 2;
    }

  /* A second command after --vs is measured in turn with the first, run
   * for run, so both see the same moments of the machine */
  command_init (&commands[0], argv + i);
  for (; i < argc; i++)
    if (g_str_equal (argv[i], "--vs") && i + 1 < argc)
      {
        argv[i] = NULL;
        command_init (&commands[1], argv + i + 1);
        n_commands = 2;
        break;
      }

  for (int r = 0; r <= runs; r++)
    {
      double pair[2] = { 0, 0 };

      for (int k = 0; k < n_commands; k++)
        {
          /* who goes first swaps every turn: a launch can leave work
           * behind (services it started) for the next one to meet */
          int c = (r % 2 == 1 && n_commands > 1) ? 1 - k : k;
          Command *command = &commands[c];
          Run run;

          if (!measure (command->argv, settle_ms, &run))
            {
              g_printerr ("bench-startup: %s, run %d: no window was mapped\n", command->argv[0], r);
              return 1;
            }
          /* Run 0 warms the caches and is not counted */
          if (r == 0)
            continue;

          pair[c] = run.mapped_ms;
          g_print ("run %d%s%s: mapped %.1f ms", r, n_commands > 1 ? " " : "",
                   n_commands > 1 ? command->argv[0] : "", run.mapped_ms);
          g_array_append_val (command->mapped, run.mapped_ms);
          if (run.first_frame_ms >= 0)
            {
              g_print (", first frame %.1f ms", run.first_frame_ms);
              g_array_append_val (command->frames, run.first_frame_ms);
            }
          if (run.vmhwm_kb >= 0)
            {
              double mb = run.vmhwm_kb / 1024.0;
              g_print (", peak RSS %.1f MB", mb);
              g_array_append_val (command->memory, mb);
            }
          g_print ("\n");
        }
      if (r > 0 && n_commands > 1)
        {
          double difference = pair[0] - pair[1];
          g_array_append_val (differences, difference);
        }
    }

  if (n_commands == 1)
    command_print_median (&commands[0], "");
  else
    {
      g_autofree char *first = g_strdup_printf (" (%s)", commands[0].argv[0]);
      g_autofree char *second = g_strdup_printf (" (%s)", commands[1].argv[0]);

      command_print_median (&commands[1], second);
      command_print_median (&commands[0], first);
      g_print ("mapped, first minus second in the same turn: median %+.1f ms\n", median (differences));
    }
  for (int c = 0; c < n_commands; c++)
    {
      g_array_unref (commands[c].mapped);
      g_array_unref (commands[c].frames);
      g_array_unref (commands[c].memory);
    }
  return 0;
}
