/*
 * lv2host: equal-work timing of LV2 plugins for `jackdesk bench peers`.
 *
 * Instantiates one or more plugins with lilv, SETS their control inputs by symbol, runs them in
 * series in this one process (plugin k's outputs feed plugin k+1's inputs) on white noise, and
 * times N seconds of audio. Prints one line of key=value pairs:
 *   xrt_cpu=<x realtime by this thread's CPU time> xrt_wall=<x realtime by wall time>
 *   seconds=<audio seconds timed> out_peak_db=<output peak> out_rms_db=<output RMS>
 * The output level shows the chain really did its work (a gate that never opens or a compressor
 * that never acts would be cheaper than the engaged one).
 *
 * Usage: lv2host [-r RATE] [-b BLOCK] [-s SECONDS] [-w WARMUP_SECONDS] [-p PEAK_DBFS] [-z] [-i]
 *                URI [symbol=value ...] [URI [symbol=value ...] ...]
 *   -z  feed silence and keep every control at its default (what lv2bench measures)
 *   -i  feed one impulse (1.0 on every channel at sample 0, no warm-up) and also print, from the
 *       first output channel: first_at=<first sample at or above half the peak> and
 *       edc_t30=<T30 in s: Schroeder backward integration, -5 to -35 dB, broadband> (the equal-work
 *       checks of reverbs and delays: the peer really rings for the set decay, echoes at the set time)
 * Every plugin in a chain must have the same number of main audio inputs and outputs (1 or 2);
 * extra audio inputs (side chains) read silence, CV inputs read zeros.
 *
 * Plugins that need the LV2 worker (worker#schedule: Dragonfly's reverbs) get a synchronous one,
 * enough for offline timing: schedule_work runs the plugin's work() at once on the same thread, its
 * responses are queued and delivered with work_response() after run(), then end_run() if present.
 * A URI is an argument with "://" or starting with "urn:"; any other argument is symbol=value.
 *
 * The noise is the same 32-bit LCG the Java side uses (x = 1664525 x + 1013904223, top 24 bits
 * mapped to [-1, 1) times the peak), one independent stream per channel, so both sides process
 * identical samples. Build: gcc -O2 -o lv2host lv2host.c $(pkg-config --cflags --libs lilv-0)
 */
#include <lilv/lilv.h>
#include <lv2/atom/atom.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/options/options.h>
#include <lv2/urid/urid.h>
#include <lv2/worker/worker.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_PLUGINS 16
#define MAX_CH 2
#define ATOM_CAPACITY 8192

static char *uris[1024];
static int n_uris;

/* urid:map for the plugins; called only at instantiation, so a linear table is enough. */
static LV2_URID map_uri(LV2_URID_Map_Handle h, const char *uri) {
    (void)h;
    for (int i = 0; i < n_uris; i++) if (!strcmp(uris[i], uri)) return (LV2_URID)(i + 1);
    if (n_uris == 1024) return 0;
    uris[n_uris] = strdup(uri);
    return (LV2_URID)(++n_uris);
}

typedef struct {
    const LilvPlugin *plugin;
    LilvInstance *inst;
    uint32_t n_ports;
    int n_audio_in, n_audio_out;
    uint32_t audio_in[8], audio_out[8];
    float *controls;            /* one value per port (control ports only used) */
    LV2_Atom_Sequence **atom_in;
    LV2_Atom_Sequence **atom_out;
    int n_atom_in, n_atom_out;
    const LV2_Worker_Interface *worker;  /* the plugin's, when it has one */
    LV2_Worker_Schedule schedule;
    LV2_Feature schedule_feature;
    unsigned char *responses;             /* queued responses: [uint32 size][bytes] ... */
    size_t responses_len;
} Plug;

#define RESPONSE_CAPACITY 65536

/* worker#schedule, synchronous: the work runs now; its responses wait for the end of run(). */
static LV2_Worker_Status respond(LV2_Worker_Respond_Handle h, uint32_t size, const void *data) {
    Plug *P = (Plug *)h;
    if (P->responses_len + sizeof(uint32_t) + size > RESPONSE_CAPACITY) return LV2_WORKER_ERR_NO_SPACE;
    memcpy(P->responses + P->responses_len, &size, sizeof(uint32_t));
    memcpy(P->responses + P->responses_len + sizeof(uint32_t), data, size);
    P->responses_len += sizeof(uint32_t) + size;
    return LV2_WORKER_SUCCESS;
}

static LV2_Worker_Status schedule_work(LV2_Worker_Schedule_Handle h, uint32_t size, const void *data) {
    Plug *P = (Plug *)h;
    if (!P->worker || !P->worker->work) return LV2_WORKER_ERR_UNKNOWN;
    return P->worker->work(lilv_instance_get_handle(P->inst), respond, P, size, data);
}

/* After run(): deliver the queued responses, then end_run. */
static void worker_after_run(Plug *P) {
    if (!P->worker) return;
    size_t off = 0;
    while (off < P->responses_len) {
        uint32_t size;
        memcpy(&size, P->responses + off, sizeof(uint32_t));
        if (P->worker->work_response)
            P->worker->work_response(lilv_instance_get_handle(P->inst), size, P->responses + off + sizeof(uint32_t));
        off += sizeof(uint32_t) + size;
    }
    P->responses_len = 0;
    if (P->worker->end_run) P->worker->end_run(lilv_instance_get_handle(P->inst));
}

static int is_uri(const char *arg) {
    return strstr(arg, "://") != NULL || !strncmp(arg, "urn:", 4);
}

static double now(clockid_t c) {
    struct timespec ts;
    clock_gettime(c, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void die(const char *msg, const char *arg) {
    fprintf(stderr, "lv2host: %s%s\n", msg, arg ? arg : "");
    exit(2);
}

int main(int argc, char **argv) {
    double rate = 48000, seconds = 5, warmup = 0.5, peak_db = -12;
    int block = 64, silence = 0, impulse = 0, a = 1;
    for (; a < argc && argv[a][0] == '-'; a++) {
        if (!strcmp(argv[a], "-z")) { silence = 1; continue; }
        if (!strcmp(argv[a], "-i")) { impulse = 1; continue; }
        if (a + 1 >= argc) die("missing value after ", argv[a]);
        if (!strcmp(argv[a], "-r")) rate = atof(argv[++a]);
        else if (!strcmp(argv[a], "-b")) block = atoi(argv[++a]);
        else if (!strcmp(argv[a], "-s")) seconds = atof(argv[++a]);
        else if (!strcmp(argv[a], "-w")) warmup = atof(argv[++a]);
        else if (!strcmp(argv[a], "-p")) peak_db = atof(argv[++a]);
        else die("unknown option ", argv[a]);
    }
    if (a >= argc) die("usage: lv2host [-r RATE] [-b BLOCK] [-s SECONDS] [-w WARMUP] [-p PEAK_DBFS] [-z] URI [sym=val ...] ...", NULL);
    if (block < 1 || block > 8192 || rate < 8000 || seconds <= 0) die("bad -b, -r or -s value", NULL);

    LilvWorld *world = lilv_world_new();
    lilv_world_load_all(world);
    const LilvPlugins *all = lilv_world_get_all_plugins(world);
    LilvNode *audio_class = lilv_new_uri(world, LV2_CORE__AudioPort);
    LilvNode *control_class = lilv_new_uri(world, LV2_CORE__ControlPort);
    LilvNode *input_class = lilv_new_uri(world, LV2_CORE__InputPort);
    LilvNode *atom_class = lilv_new_uri(world, LV2_ATOM__AtomPort);
    LilvNode *cv_class = lilv_new_uri(world, LV2_CORE__CVPort);
    LilvNode *side_chain = lilv_new_uri(world, "http://lv2plug.in/ns/lv2core#isSideChain");

    LV2_URID_Map map = {NULL, map_uri};
    LV2_Feature map_feature = {LV2_URID__map, &map};
    int32_t block_len = block;
    int32_t seq_size = ATOM_CAPACITY;
    float rate_f = (float)rate;
    LV2_Options_Option options[] = {
        {LV2_OPTIONS_INSTANCE, 0, map_uri(NULL, LV2_BUF_SIZE__minBlockLength), sizeof(int32_t), map_uri(NULL, LV2_ATOM__Int), &block_len},
        {LV2_OPTIONS_INSTANCE, 0, map_uri(NULL, LV2_BUF_SIZE__maxBlockLength), sizeof(int32_t), map_uri(NULL, LV2_ATOM__Int), &block_len},
        {LV2_OPTIONS_INSTANCE, 0, map_uri(NULL, LV2_BUF_SIZE__nominalBlockLength), sizeof(int32_t), map_uri(NULL, LV2_ATOM__Int), &block_len},
        {LV2_OPTIONS_INSTANCE, 0, map_uri(NULL, LV2_BUF_SIZE__sequenceSize), sizeof(int32_t), map_uri(NULL, LV2_ATOM__Int), &seq_size},
        {LV2_OPTIONS_INSTANCE, 0, map_uri(NULL, "http://lv2plug.in/ns/ext/parameters#sampleRate"), sizeof(float), map_uri(NULL, LV2_ATOM__Float), &rate_f},
        {LV2_OPTIONS_INSTANCE, 0, 0, 0, 0, NULL}};
    LV2_Feature options_feature = {LV2_OPTIONS__options, options};
    LV2_Feature bounded = {LV2_BUF_SIZE__boundedBlockLength, NULL};
    LV2_URID seq_type = map_uri(NULL, LV2_ATOM__Sequence);
    LV2_URID chunk_type = map_uri(NULL, LV2_ATOM__Chunk);

    float *chan[2][MAX_CH];     /* ping-pong chain buffers */
    for (int p = 0; p < 2; p++)
        for (int c = 0; c < MAX_CH; c++) chan[p][c] = calloc(block, sizeof(float));
    float *zeros = calloc(block, sizeof(float));
    float *scratch = calloc(block, sizeof(float));

    Plug plugs[MAX_PLUGINS];
    int n = 0, channels = -1;
    while (a < argc) {
        if (n == MAX_PLUGINS) die("too many plugins", NULL);
        LilvNode *uri = lilv_new_uri(world, argv[a]);
        const LilvPlugin *pl = lilv_plugins_get_by_uri(all, uri);
        lilv_node_free(uri);
        if (!pl) die("no such LV2 plugin installed: ", argv[a]);
        a++;
        Plug *P = &plugs[n];
        memset(P, 0, sizeof *P);
        P->plugin = pl;
        P->n_ports = lilv_plugin_get_num_ports(pl);
        P->controls = calloc(P->n_ports, sizeof(float));
        P->atom_in = calloc(P->n_ports, sizeof(void *));
        P->atom_out = calloc(P->n_ports, sizeof(void *));
        float *mins = calloc(P->n_ports, sizeof(float)), *maxs = calloc(P->n_ports, sizeof(float)),
              *defs = calloc(P->n_ports, sizeof(float));
        lilv_plugin_get_port_ranges_float(pl, mins, maxs, defs);
        for (uint32_t i = 0; i < P->n_ports; i++)
            P->controls[i] = !isnan(defs[i]) ? defs[i] : (!isnan(mins[i]) ? mins[i] : 0.0f);
        /* symbol=value settings up to the next URI */
        for (; a < argc && !is_uri(argv[a]); a++) {
            char *eq = strchr(argv[a], '=');
            if (!eq) die("expected symbol=value, got ", argv[a]);
            *eq = 0;
            LilvNode *sym = lilv_new_string(world, argv[a]);
            const LilvPort *port = lilv_plugin_get_port_by_symbol(pl, sym);
            lilv_node_free(sym);
            if (!port || !lilv_port_is_a(pl, port, control_class) || !lilv_port_is_a(pl, port, input_class))
                die("no control input with symbol ", argv[a]);
            uint32_t idx = lilv_port_get_index(pl, port);
            float v = (float)atof(eq + 1);
            if (!isnan(mins[idx]) && !isnan(maxs[idx]) && (v < mins[idx] || v > maxs[idx])) {
                fprintf(stderr, "lv2host: %s=%g is outside [%g, %g]\n", argv[a], v, mins[idx], maxs[idx]);
                exit(2);
            }
            if (!silence) P->controls[idx] = v;
        }
        free(mins); free(maxs); free(defs);
        P->schedule.handle = P;
        P->schedule.schedule_work = schedule_work;
        P->schedule_feature.URI = LV2_WORKER__schedule;
        P->schedule_feature.data = &P->schedule;
        P->responses = malloc(RESPONSE_CAPACITY);
        const LV2_Feature *features[] = {&map_feature, &options_feature, &bounded, &P->schedule_feature, NULL};
        P->inst = lilv_plugin_instantiate(pl, rate, features);
        if (!P->inst) die("could not instantiate ", lilv_node_as_uri(lilv_plugin_get_uri(pl)));
        P->worker = (const LV2_Worker_Interface *)lilv_instance_get_extension_data(P->inst, LV2_WORKER__interface);
        for (uint32_t i = 0; i < P->n_ports; i++) {
            const LilvPort *port = lilv_plugin_get_port_by_index(pl, i);
            int is_in = lilv_port_is_a(pl, port, input_class);
            if (lilv_port_is_a(pl, port, audio_class)) {
                int main_port = !lilv_port_has_property(pl, port, side_chain);
                if (is_in && main_port && P->n_audio_in < 8) P->audio_in[P->n_audio_in++] = i;
                else if (!is_in && main_port && P->n_audio_out < 8) P->audio_out[P->n_audio_out++] = i;
                else lilv_instance_connect_port(P->inst, i, is_in ? zeros : scratch);
            } else if (lilv_port_is_a(pl, port, control_class)) {
                lilv_instance_connect_port(P->inst, i, &P->controls[i]);
            } else if (lilv_port_is_a(pl, port, atom_class)) {
                LV2_Atom_Sequence *seq = calloc(1, ATOM_CAPACITY);
                if (is_in) P->atom_in[P->n_atom_in++] = seq; else P->atom_out[P->n_atom_out++] = seq;
                lilv_instance_connect_port(P->inst, i, seq);
            } else if (lilv_port_is_a(pl, port, cv_class)) {
                lilv_instance_connect_port(P->inst, i, is_in ? zeros : scratch);
            } else {
                lilv_instance_connect_port(P->inst, i, NULL);
            }
        }
        if (P->n_audio_in != P->n_audio_out || P->n_audio_in < 1 || P->n_audio_in > MAX_CH)
            die("plugin must have 1 or 2 main audio inputs and as many outputs: ", lilv_node_as_uri(lilv_plugin_get_uri(pl)));
        if (channels < 0) channels = P->n_audio_in;
        else if (channels != P->n_audio_in) die("every plugin of a chain needs the same channel count: ", lilv_node_as_uri(lilv_plugin_get_uri(pl)));
        /* plugin k reads chan[k % 2] and writes chan[(k + 1) % 2] */
        for (int c = 0; c < channels; c++) {
            lilv_instance_connect_port(P->inst, P->audio_in[c], chan[n % 2][c]);
            lilv_instance_connect_port(P->inst, P->audio_out[c], chan[(n + 1) % 2][c]);
        }
        lilv_instance_activate(P->inst);
        n++;
    }

    /* one second of noise per channel, identical to the Java side's generator */
    size_t src_len = (size_t)rate;
    float *src[MAX_CH];
    double peak = silence ? 0.0 : pow(10.0, peak_db / 20.0);
    for (int c = 0; c < channels; c++) {
        uint32_t x = 12345u + 1000003u * (uint32_t)c;
        src[c] = malloc(src_len * sizeof(float));
        for (size_t i = 0; i < src_len; i++) {
            x = 1664525u * x + 1013904223u;
            src[c][i] = (float)(((double)(x >> 8) / 8388608.0 - 1.0) * peak);
        }
    }
    float *const *out = chan[n % 2];

    double out_peak = 0, out_sq = 0;
    long out_count = 0;
    float *response = NULL;
    if (impulse) {
        warmup = 0;
        response = calloc((size_t)(seconds * rate / block + 1) * block, sizeof(float));
    }
    for (int pass = 0; pass < 2; pass++) {
        double dur = pass == 0 ? warmup : seconds;
        long blocks = (long)(dur * rate / block + 0.5);
        size_t pos = 0;
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_THREAD_CPUTIME_ID);
        for (long b = 0; b < blocks; b++) {
            if (pos + block > src_len) pos = 0;
            for (int c = 0; c < channels; c++) {
                if (impulse) {
                    memset(chan[0][c], 0, block * sizeof(float));
                    if (b == 0) chan[0][c][0] = 1.0f;
                } else {
                    memcpy(chan[0][c], src[c] + pos, block * sizeof(float));
                }
            }
            pos += block;
            for (int k = 0; k < n; k++) {
                Plug *P = &plugs[k];
                for (int i = 0; i < P->n_atom_in; i++) {
                    P->atom_in[i]->atom.type = seq_type;
                    P->atom_in[i]->atom.size = sizeof(LV2_Atom_Sequence_Body);
                }
                for (int i = 0; i < P->n_atom_out; i++) {
                    P->atom_out[i]->atom.type = chunk_type;
                    P->atom_out[i]->atom.size = ATOM_CAPACITY - sizeof(LV2_Atom);
                }
                lilv_instance_run(P->inst, block);
                worker_after_run(P);
            }
            if (impulse && pass == 1) memcpy(response + b * block, out[0], block * sizeof(float));
            if (pass == 1 && (b & 15) == 0) {  /* sample the output level without timing every block */
                for (int c = 0; c < channels; c++)
                    for (int i = 0; i < block; i++) {
                        double v = out[c][i];
                        if (fabs(v) > out_peak) out_peak = fabs(v);
                        out_sq += v * v;
                        out_count++;
                    }
            }
        }
        double wall = now(CLOCK_MONOTONIC) - w0, cpu = now(CLOCK_THREAD_CPUTIME_ID) - c0;
        if (pass == 1) {
            double audio = (double)blocks * block / rate;
            printf("xrt_cpu=%.1f xrt_wall=%.1f seconds=%.2f out_peak_db=%.2f out_rms_db=%.2f plugins=%d channels=%d\n",
                   audio / cpu, audio / wall, audio,
                   out_peak > 0 ? 20 * log10(out_peak) : -999.0,
                   out_sq > 0 ? 10 * log10(out_sq / out_count) : -999.0, n, channels);
            if (impulse) {
                long len = blocks * block, first = -1, t5 = -1, t35 = -1;
                double peak_abs = 0, total = 0, acc = 0;
                for (long i = 0; i < len; i++) {
                    if (fabs(response[i]) > peak_abs) peak_abs = fabs(response[i]);
                    total += (double)response[i] * response[i];
                }
                for (long i = 0; i < len && first < 0; i++) if (fabs(response[i]) >= 0.5 * peak_abs && peak_abs > 0) first = i;
                /* remaining energy from i on, falling from 0 dB: where it crosses -5 and -35 dB */
                for (long i = 0; i < len && total > 0; i++) {
                    double rest = total - acc;
                    double db = 10 * log10(rest > 0 ? rest / total : 1e-30);
                    if (t5 < 0 && db <= -5) t5 = i;
                    if (t35 < 0 && db <= -35) { t35 = i; break; }
                    acc += (double)response[i] * response[i];
                }
                printf("first_at=%ld edc_t30=%.3f\n", first, t5 >= 0 && t35 >= 0 ? 2.0 * (t35 - t5) / rate : -1.0);
            }
        }
    }
    for (int k = 0; k < n; k++) {
        lilv_instance_deactivate(plugs[k].inst);
        lilv_instance_free(plugs[k].inst);
    }
    lilv_world_free(world);
    return 0;
}
