#!/bin/sh
# cordon integration: two unmodified Linux VMs ping each other over virtio-net through cordon's switch,
# under the enforcing demo policy; t_vtx.sh runs the same boot on VT-x and compares the two.
. tests/integration/lib.sh
files=$OUT/linuxnet-files
rm -rf "$files" && mkdir -p "$files/linux"
cp "$B/linux/vmlinuz" "$B/linux/initramfs.cpio.gz" "$files/linux/"
cp "$B/policy/demo.bin" "$files/"

boot linuxnet tests/integration/cfg/linux-net.cfg 300 "$files"
expect "cordon runs on the backend this test expects" "^cordon: backend $EXPECT_BACKEND ready"
expect "the reference monitor gives green-a its NIC" "^cordon: vm 'green-a': NIC 02:00:00:00:00:01 on segment 'green-seg'"
expect "the reference monitor gives green-b its NIC" "^cordon: vm 'green-b': NIC 02:00:00:00:00:02 on segment 'green-seg'"
for vm in green-a green-b; do
	expect "$vm reaches its init" "^$vm: cordon-linux: init reached on $vm kernel 6\.1"
	expect "$vm loads virtio-net" "^$vm: cordon-linux: modules loaded: .*virtio_net"
done
expect "green-a's eth0 comes up on the switch" "^green-a: cordon-linux: eth0 10\.0\.0\.1/24 up"
expect "green-b's eth0 comes up on the switch" "^green-b: cordon-linux: eth0 10\.0\.0\.2/24 up"
expect "green-a reaches green-b through cordon's switch" "^green-a: cordon-linux: ping 10\.0\.0\.2 ok"
expect "green-b reaches green-a through cordon's switch" "^green-b: cordon-linux: ping 10\.0\.0\.1 ok"
expect "green-a powers itself off" "cordon: vm 'green-a' ended: powered itself off \(ACPI S5\)"
expect "green-b powers itself off" "cordon: vm 'green-b' ended: powered itself off \(ACPI S5\)"
expect_not "no unexpected Linux oops" "^green-.: .*(Oops|BUG:|Kernel panic)"
expect_clean_end
