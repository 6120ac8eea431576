/*
 * A JVMTI agent that prints every Java-heap allocation made by the threads named "audio" or
 * "jackdesk*", with its stack, and at VM death the text of every String among them (the VM
 * fills strings it creates after the allocation callback). It found the audio thread's one-off
 * allocations of session 8 (docs/engine-notes.md): JVM-made overpass literals, VarHandle linkage,
 * the allocation counter's own literals. Every allocation of every thread takes the slow path
 * while it is loaded (heap sampling interval 0), so runs are slower; rare events still show.
 *
 * Build: gcc -shared -fPIC -O2 -I$JAVA_HOME/include -I$JAVA_HOME/include/linux -o libagent.so agent.c
 * Use:   mvn ... -Dtest.jvm.extra="-agentpath:$PWD/libagent.so=/tmp/alloc.log"
 */
#include <jvmti.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <stdint.h>
static jvmtiEnv *J;
static FILE *out;
static jobject pend[256]; static int npend;
static void JNICALL onDeath(jvmtiEnv *j, JNIEnv *env) {
  for (int i = 0; i < npend; i++) { const char *v = (*env)->GetStringUTFChars(env, (jstring)pend[i], NULL); fprintf(out, "pending#%d = \"%s\"\n", i, v ? v : "(null)"); if (v) (*env)->ReleaseStringUTFChars(env, (jstring)pend[i], v); }
  fflush(out);
}
static void JNICALL onAlloc(jvmtiEnv *j, JNIEnv *env, jthread thread, jobject object, jclass klass, jlong size) {
    void *tls = NULL;
    (*j)->GetThreadLocalStorage(j, thread, &tls);
    if (tls == NULL) {
        jvmtiThreadInfo ti;
        memset(&ti, 0, sizeof ti);
        if ((*j)->GetThreadInfo(j, thread, &ti) != JVMTI_ERROR_NONE) return;
        int isAudio = ti.name && (strcmp(ti.name, "audio") == 0 || strncmp(ti.name, "jackdesk", 8) == 0);
        if (ti.name) (*j)->Deallocate(j, (unsigned char*)ti.name);
        tls = (void*)(isAudio ? (intptr_t)2 : (intptr_t)1);
        (*j)->SetThreadLocalStorage(j, thread, tls);
    }
    if ((intptr_t)tls != 2) return;
    char *csig = NULL;
    (*j)->GetClassSignature(j, klass, &csig, NULL);
    jvmtiFrameInfo frames[40];
    jint n = 0;
    (*j)->GetStackTrace(j, thread, 0, 40, frames, &n);
    fprintf(out, "ALLOC %s size=%ld frames=%d\n", csig ? csig : "?", (long)size, n);
    if (csig && strcmp(csig, "Ljava/lang/String;") == 0) {
        if (npend < 256) { pend[npend++] = (*env)->NewGlobalRef(env, object); fprintf(out, "   pending#%d\n", npend - 1); }
    }
    for (int i = 0; i < n; i++) {
        char *mn = NULL, *cs = NULL; jclass dc;
        (*j)->GetMethodName(j, frames[i].method, &mn, NULL, NULL);
        (*j)->GetMethodDeclaringClass(j, frames[i].method, &dc);
        (*j)->GetClassSignature(j, dc, &cs, NULL);
        jint lc = 0; jvmtiLineNumberEntry *lt = NULL; int line = -1;
        if ((*j)->GetLineNumberTable(j, frames[i].method, &lc, &lt) == JVMTI_ERROR_NONE) {
            for (int k = 0; k < lc; k++) if (lt[k].start_location <= frames[i].location) line = lt[k].line_number;
            (*j)->Deallocate(j, (unsigned char*)lt);
        }
        fprintf(out, "   at %s.%s:%d\n", cs ? cs : "?", mn ? mn : "?", line);
        if (mn) (*j)->Deallocate(j, (unsigned char*)mn);
        if (cs) (*j)->Deallocate(j, (unsigned char*)cs);
    }
    fflush(out);
    if (csig) (*j)->Deallocate(j, (unsigned char*)csig);
}
JNIEXPORT jint JNICALL Agent_OnLoad(JavaVM *vm, char *options, void *reserved) {
    (*vm)->GetEnv(vm, (void**)&J, JVMTI_VERSION_11);
    out = fopen(options && *options ? options : "/tmp/agent/alloc.log", "a");
    jvmtiCapabilities caps; memset(&caps, 0, sizeof caps);
    caps.can_generate_sampled_object_alloc_events = 1;
    caps.can_get_line_numbers = 1;
    if ((*J)->AddCapabilities(J, &caps) != JVMTI_ERROR_NONE) { fprintf(stderr, "agent: caps failed\n"); return 1; }
    jvmtiEventCallbacks cb; memset(&cb, 0, sizeof cb);
    cb.SampledObjectAlloc = onAlloc;
    cb.VMDeath = onDeath;
    (*J)->SetEventCallbacks(J, &cb, sizeof cb);
    (*J)->SetHeapSamplingInterval(J, 0);
    (*J)->SetEventNotificationMode(J, JVMTI_ENABLE, JVMTI_EVENT_SAMPLED_OBJECT_ALLOC, NULL);
    (*J)->SetEventNotificationMode(J, JVMTI_ENABLE, JVMTI_EVENT_VM_DEATH, NULL);
    fprintf(out, "agent loaded\n"); fflush(out);
    return 0;
}
