"""The bytes a reminder goes out as are exactly what Django's own rendering would send."""

from email import message_from_bytes

from django.core.mail import EmailMultiAlternatives
from hypothesis import given, settings
from hypothesis import strategies as st

from reminders.smtp import message_bytes

# Header text as users and templates produce it: any printable character, no line breaks.
header_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=120)


@settings(max_examples=300, deadline=None)
@given(subject=header_text, name=header_text, link_length=st.integers(1, 120))
def test_sent_bytes_are_the_standard_rendering_of_the_message(subject, name, link_length):
    message = EmailMultiAlternatives(
        subject=subject,
        body=f"Hello {name}\n.a line starting with a dot\n{subject}",
        to=[f'"{name.replace(chr(34), "")}" <someone@example.com>'],
        headers={"List-Unsubscribe": f"<https://example.com/{'x' * link_length}>"},
    )
    message.attach_alternative(f"<p>{subject}</p>", "text/html")
    sent = message_bytes(message)

    standard = message.message()
    standard.set_boundary(message_from_bytes(sent).get_boundary())
    # Date and Message-ID are generated per call: take the sent ones.
    for header in ("Date", "Message-ID"):
        standard.replace_header(header, message_from_bytes(sent)[header])
    assert sent == standard.as_bytes(linesep="\r\n")


def test_each_message_gets_its_own_boundary():
    message = EmailMultiAlternatives(subject="Weekly digest", body="text", to=["a@example.com"])
    message.attach_alternative("<p>text</p>", "text/html")

    boundaries = {message_from_bytes(message_bytes(message)).get_boundary() for _ in range(3)}

    assert len(boundaries) == 3
