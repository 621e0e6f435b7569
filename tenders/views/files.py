"""Attachments are served only through here, to those allowed, always as a download."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404

from ..permissions import attachments_visible_to


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.download_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
