# A local SMTP server for the intake's notification test
# (internal/intake/notify_test.go): Debian's aiosmtpd, which the test
# starts itself on a free port with a self-signed certificate, requiring
# STARTTLS, and reads back from a maildir. Run by /usr/bin/python3.
apt_need python3-aiosmtpd
/usr/bin/python3 -m aiosmtpd --version
