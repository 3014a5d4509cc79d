#!/bin/sh
# cordon integration: on a CPU without AMD-V, or with AMD-V but no nested paging, cordon says why and powers off.
. tests/integration/lib.sh
QEMU_EXTRA="-cpu qemu64,-svm" boot nosvm boot.cfg 90 "$B/esp.extra"
expect "cordon names the missing feature" "cordon: AMD-V: CPU has no AMD-V \(SVM\)"
expect "cordon also tried VT-x and says why not" "cordon: VT-x: CPU has no VT-x \(VMX\)"
expect "cordon refuses to start VMs" "cordon: no usable hardware virtualization on this CPU .*no VM was started"
expect_not "no VM started" "cordon: vm [0-9]+ '"
expect_clean_end
QEMU_EXTRA="-cpu qemu64,+svm" boot nonpt boot.cfg 90 "$B/esp.extra"
expect "cordon refuses AMD-V without nested paging" "cordon: AMD-V: AMD-V without nested paging \(NPT\) is not supported"
expect_not "no VM started" "cordon: vm [0-9]+ '"
expect_clean_end
