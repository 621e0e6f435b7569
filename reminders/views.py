from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import Reminder


@login_required
def my_reminders(request):
    return render(
        request, "portal/reminders.html", {"reminders": Reminder.objects.filter(recipient=request.user)[:100]}
    )
